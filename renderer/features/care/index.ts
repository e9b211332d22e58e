/**
 * 关爱帮扶: per-person panels for the person's file (risk assessment, key care, help plans,
 * three years clean), the /care/:personId page and the 风险评分表 settings tab. Importing this
 * module registers its words.
 */

export { careTabs, type CareTab } from './tabs';
export type { CarePanelProps } from './common/types';
export { RiskLevelBadge, PlanStatusBadge, riskColor } from './common/badges';
export { RiskTablePanel } from './risk/RiskTablePanel';
export { CareSummary } from './CareSummary';
export { RiskAssessmentModal } from './risk/RiskAssessmentModal';
export { CleanDecisionModal } from './clean/CleanPanel';
