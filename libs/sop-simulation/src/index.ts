export * from './sop-simulation.module';
export * from './simulation.errors';
export * from './what-if.errors';
export { WhatIfModule } from './what-if.module';
export { WhatIfService, WHAT_IF_SCHEMA, type WhatIfCommand, type WhatIfDeadline, type WhatIfResult } from './what-if.service';
export type { ShownFigures, FiguresChange, ComplianceCounts } from './what-if-figures';
export { SopSimulationService, PREVIEW_FORM_SCHEMA, SIMULATION_SCHEMA, type SimulationSource } from './sop-simulation.service';
export { compileInMemory } from './simulated-sop';
export { simulateCase } from './simulate-case';
export { previewForm } from './role-view';
export type * from './simulation.types';
export { TemplatePreviewService } from './template-preview.service';
export {
  previewTemplate,
  TEMPLATE_PREVIEW_SCHEMA,
  TemplatePreviewErrorCode,
  type TemplatePreview,
  type TemplatePreviewCommand,
  type TemplatePreviewProblem,
} from './template-preview';
