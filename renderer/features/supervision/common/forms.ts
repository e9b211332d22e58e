/** "省市县" joined without separators, as addresses are written. */
export function placeOf(parts: { province: string; city: string; county: string }): string {
  return [parts.province, parts.city, parts.county].filter(Boolean).join('');
}
