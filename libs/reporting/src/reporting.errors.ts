import { registerErrorCodes } from '@app/core';

export enum ReportErrorCode {
  ReportNotPermitted = 'report_not_permitted',
  ExportNotPermitted = 'export_not_permitted',
  UnknownIndicator = 'unknown_indicator',
  UnknownDashboard = 'unknown_dashboard',
  BadReportQuery = 'bad_report_query',
}

registerErrorCodes({
  [ReportErrorCode.ReportNotPermitted]: { status: 403, title: 'Your role may not see reports' },
  [ReportErrorCode.ExportNotPermitted]: { status: 403, title: 'Your role may not export this' },
  [ReportErrorCode.UnknownIndicator]: { status: 404, title: 'No such indicator' },
  [ReportErrorCode.UnknownDashboard]: { status: 404, title: 'No such dashboard' },
  [ReportErrorCode.BadReportQuery]: { status: 400, title: 'Invalid report query' },
});
