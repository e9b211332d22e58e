import { sectionForPath } from '../../../shared/guide';

/** Where 帮助 and F1 go from a screen: the guide, at the section about that screen when there is one. */
export function guideLocation(pathname: string): string {
  if (pathname === '/guide') return '/guide';
  const section = sectionForPath(pathname);
  return section ? `/guide?section=${encodeURIComponent(section)}` : '/guide';
}
