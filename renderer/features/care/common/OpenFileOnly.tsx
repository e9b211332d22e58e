import type { ComponentType } from 'react';
import { haven } from '../../../ipc';
import { useRecords } from '../../../lib/useRecords';
import { WriteAccess } from '../../../lib/writeAccess';
import type { CarePanelProps } from './types';

// persons:status, not persons:get: reading the file's state again is not another opening of the file (audited).
const fetchArchived = async (personId: number) => (await haven.persons.status({ personId })).archivedAt !== null;

/**
 * A care panel that offers no change on an archived file: the core refuses every write to one
 * (PERSON_ARCHIVED), so the panel hides the buttons as it does on a supervisor's database. The
 * panel appears once the file's state is known, so no button shows and then disappears; if that
 * state cannot be read, the panel is shown for viewing only.
 */
export function openFileOnly(Panel: ComponentType<CarePanelProps>): ComponentType<CarePanelProps> {
  function OpenFileOnly(props: CarePanelProps) {
    const archived = useRecords(fetchArchived, props.personId, props.version);
    if (archived.status === 'loading') return null;
    return (
      <WriteAccess allowed={archived.status === 'ready' && !archived.data}>
        <Panel {...props} />
      </WriteAccess>
    );
  }
  OpenFileOnly.displayName = `OpenFileOnly(${Panel.displayName ?? Panel.name})`;
  return OpenFileOnly;
}
