import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../lib/format';
import { recoveryKeyGroups } from './RecoveryKeyDisplay';

export interface PrintStation {
  name: string;
  code: string;
}

const serif = "'Noto Serif SC', serif";
const sans = "'Noto Sans SC', sans-serif";
const cell = { border: '1px solid #000', padding: '3mm 4mm', fontSize: '12pt', textAlign: 'left' as const };

/**
 * 恢复密钥单: the paper that goes into the locked cabinet. Rendered straight under <body> and
 * shown only by `@media print` (styles.css), so window.print() puts only this sheet on paper.
 */
export function RecoveryKeyPrintSheet({
  recoveryKey,
  station,
  issuedBy,
  issuedAt,
  printedAt,
}: {
  recoveryKey: string;
  station: PrintStation;
  issuedBy: string | null;
  issuedAt: Date;
  printedAt: Date | null;
}) {
  const { t } = useTranslation();
  const groups = recoveryKeyGroups(recoveryKey);
  const sheet = (
    <div className="haven-print-sheet" data-testid="recovery-print-sheet" style={{ color: '#000', fontFamily: serif }}>
      <h1 style={{ fontFamily: serif, fontWeight: 700, fontSize: '22pt', textAlign: 'center', margin: '0 0 8mm' }}>
        {t('recoverySheet.title')}
      </h1>
      <table style={{ borderCollapse: 'collapse', width: '100%', marginBottom: '6mm' }}>
        <tbody>
          <tr>
            <th style={{ ...cell, width: '24%' }}>{t('recoverySheet.station')}</th>
            <td style={cell}>{station.name}</td>
          </tr>
          <tr>
            <th style={cell}>{t('recoverySheet.stationCode')}</th>
            <td style={cell}>{station.code}</td>
          </tr>
          <tr>
            <th style={cell}>{t('recoverySheet.date')}</th>
            <td style={cell}>{formatDate(issuedAt)}</td>
          </tr>
          {issuedBy && (
            <tr>
              <th style={cell}>{t('recoverySheet.issuedBy')}</th>
              <td style={cell}>{issuedBy}</td>
            </tr>
          )}
          <tr>
            <th style={cell}>{t('recoverySheet.key')}</th>
            <td style={{ ...cell, fontFamily: sans, fontSize: '15pt', fontWeight: 700, whiteSpace: 'nowrap' }}>
              {[groups.slice(0, 4), groups.slice(4)].map((row, index) => (
                <div key={index} style={{ fontVariantNumeric: 'tabular-nums', letterSpacing: '0.04em' }}>
                  {row.join(' - ')}
                </div>
              ))}
            </td>
          </tr>
        </tbody>
      </table>
      <h2 style={{ fontFamily: serif, fontWeight: 700, fontSize: '14pt', margin: '0 0 3mm' }}>
        {t('recoverySheet.instructionsTitle')}
      </h2>
      <ol style={{ fontSize: '12pt', lineHeight: 1.8, margin: '0 0 12mm', paddingLeft: '7mm' }}>
        <li>{t('recoverySheet.instruction1')}</li>
        <li>{t('recoverySheet.instruction2')}</li>
        <li>{t('recoverySheet.instruction3')}</li>
        <li>{t('recoverySheet.instruction4')}</li>
      </ol>
      {[t('recoverySheet.custodian'), t('recoverySheet.witness')].map((label) => (
        <p key={label} style={{ fontSize: '12pt', margin: '0 0 10mm' }}>
          {label}
          <span style={{ display: 'inline-block', width: '60mm', borderBottom: '1px solid #000' }}>&nbsp;</span>
          {'　'}
          {t('recoverySheet.signDate')}
          <span style={{ display: 'inline-block', width: '35mm', borderBottom: '1px solid #000' }}>&nbsp;</span>
        </p>
      ))}
      {printedAt && (
        <p style={{ fontFamily: sans, fontSize: '8pt', marginTop: '10mm', color: '#333' }}>
          {t('recoverySheet.printedAt', { time: formatDateTime(printedAt.toISOString()) })}
        </p>
      )}
    </div>
  );
  return createPortal(sheet, document.body);
}
