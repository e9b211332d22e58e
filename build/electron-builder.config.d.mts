import type { Configuration } from 'electron-builder';

/** Types for electron-builder.config.mjs (see there). */
export const ARCHS: readonly ('x64' | 'arm64')[];
export function createConfig(inputs: { electronVersion: string; nativeBinding: string; arch: 'x64' | 'arm64' }): Configuration;
