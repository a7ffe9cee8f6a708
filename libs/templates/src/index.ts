export {
  messageKindOf,
  MESSAGE_CONTEXT,
  MESSAGE_CONTEXT_ROOTS,
  SUBJECT_FORBIDDEN_ROOTS,
  STANDARD_TEMPLATE_IDS,
  type MessageKind,
  type MessageContext,
  type MessageDate,
  type DeadlineMessageContext,
  type DigestMessageContext,
  type DigestEntry,
  type BreakGlassMessageContext,
  type ReferralMessageContext,
  type TransferMessageContext,
  type ReferralFormContext,
} from './message-kinds';
export { TEMPLATE_HELPERS, formatDate, formatDateTime, type TemplatePart } from './template-env';
export { checkTemplateSource, formatTemplateProblem, type TemplateProblem } from './check-template';
export { renderMessage, subjectContext, templateLocale, TemplateError, SUBJECT_MAX_LENGTH, type RenderedMessage, type RenderOptions } from './render-message';
export { DEFAULT_TEMPLATES } from './default-templates';
