/**
 * Agreements (协议): the person file's 协议 tab (`agreementTabs`), the /agreements/:personId page
 * (协议管理) and the 设置 › 协议模板 tab (`TemplatesPanel`, admin). Importing this module
 * registers its words.
 */

export { agreementTabs, type AgreementTab } from './tabs';
export { AgreementsPanel, type AgreementsPanelProps } from './AgreementsPanel';
export { TemplatesPanel } from './templates/TemplatesPanel';
