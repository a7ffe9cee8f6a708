import { registerErrorCodes } from '@app/core';

export enum SopErrorCode {
  SopInvalid = 'sop_invalid',
  SopNotPublished = 'sop_not_published',
  SopVersionNotFound = 'sop_version_not_found',
  SopPackMismatch = 'sop_pack_mismatch',
  SopFormVersionChanged = 'sop_form_version_changed',
  SopBundleInvalid = 'sop_bundle_invalid',
  SopBundleHashMismatch = 'sop_bundle_hash_mismatch',
  SopBundlePluginsDiffer = 'sop_bundle_plugins_differ',
}

registerErrorCodes({
  [SopErrorCode.SopInvalid]: { status: 422, title: 'The SOP pack is invalid' },
  [SopErrorCode.SopNotPublished]: { status: 503, title: 'No SOP pack is published yet' },
  [SopErrorCode.SopVersionNotFound]: { status: 404, title: 'SOP version not found' },
  [SopErrorCode.SopPackMismatch]: { status: 409, title: 'Another SOP pack is active' },
  [SopErrorCode.SopFormVersionChanged]: { status: 409, title: 'A published form version cannot change' },
  [SopErrorCode.SopBundleInvalid]: { status: 422, title: 'This is not an SOP bundle' },
  [SopErrorCode.SopBundleHashMismatch]: { status: 422, title: "The bundle's content does not match its content hash" },
  [SopErrorCode.SopBundlePluginsDiffer]: { status: 409, title: 'The installed plugins differ from those the bundle was exported with' },
});
