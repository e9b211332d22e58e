export type { Shape } from '../../shared/i18n/shape';
