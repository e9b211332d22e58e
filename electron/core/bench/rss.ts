import { readFileSync } from 'node:fs';

/**
 * This process's own peak RSS, in KiB. On Linux, getrusage's maxrss (process.resourceUsage)
 * survives exec: a child started by a large process reports at least that process's size at the
 * fork (a 600 MB bench made every `haven` child look 590 MB). The memory map's own high-water mark
 * (VmHWM) starts afresh at exec, so it is read where there is one.
 */
export function ownPeakRssKib(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: no fork carries the figure over there.
  }
  return process.resourceUsage().maxRSS;
}
