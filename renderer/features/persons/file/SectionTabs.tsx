import { Tabs } from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { codeWord } from '../../../lib/errors';

export interface SectionPanel<P> {
  key: string;
  labelKey: string;
  Component: ComponentType<P>;
}

/**
 * A section of the file with panels of its own (督导记录, 关爱帮扶): second-level tabs whose key
 * is the route's last segment (`/persons/:id/:section/:panel`), so a link can open a panel.
 */
export function SectionTabs<P extends object>({
  personId,
  section,
  panels,
  current,
  props,
}: {
  personId: number;
  section: string;
  panels: readonly SectionPanel<P>[];
  current: string | undefined;
  props: P;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const active = panels.find((p) => p.key === current) ?? panels[0];
  if (!active) return null;
  return (
    <Tabs
      variant="pills"
      value={active.key}
      onChange={(value) => value && navigate(`/persons/${personId}/${section}/${value}`, { replace: true })}
      keepMounted={false}
    >
      <Tabs.List mb="md">
        {panels.map((panel) => (
          <Tabs.Tab key={panel.key} value={panel.key} data-testid={`file-subtab-${panel.key}`}>
            {codeWord(t, panel.labelKey)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {panels.map(({ key, Component }) => (
        <Tabs.Panel key={key} value={key}>
          <Component {...props} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
