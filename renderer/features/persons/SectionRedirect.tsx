import { Navigate, useParams } from 'react-router-dom';

/**
 * Older deep links (/supervision/:id, /care/:id, /agreements/:id) open the same section of the
 * person's file, which is the one place those panels live.
 */
export function SectionRedirect({ section }: { section: 'supervision' | 'care' | 'agreements' }) {
  const { personId, tab } = useParams();
  const id = Number(personId);
  if (!Number.isInteger(id) || id <= 0) return <Navigate to="/persons" replace />;
  return <Navigate to={`/persons/${id}/${section}${tab ? `/${tab}` : ''}`} replace />;
}
