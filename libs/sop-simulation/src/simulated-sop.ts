import { DomainError } from '@app/core';
import { FormCatalogue } from '@app/forms';
import { PackFiles, PackIssue, validatePack, ValidatePackOptions } from '@app/sop';
import { defaultOperators } from '@app/rules';
import type { CompiledSop } from '@app/sop-registry';
import { defaultEffects } from '@app/workflow';
import { SimulationErrorCode } from './simulation.errors';

/**
 * A pack compiled in memory as the registry compiles a published version (validated, forms
 * compiled, the enabled plugins' effects and operators), but never stored: a draft gets version 0.
 * `files` must already carry what the installed plugins add (SopRegistry.check gives them so).
 */
export function compileInMemory(files: PackFiles, options: ValidatePackOptions, identity: { versionId: number; version: number }): CompiledSop {
  const { pack, issues } = validatePack(files, options);
  const errors = issues.filter((i) => i.severity === 'error');
  if (!pack || errors.length > 0) throw packInvalid(errors);
  return {
    versionId: identity.versionId,
    version: identity.version,
    packId: pack.manifest.id,
    publishedAt: new Date(0),
    pack,
    forms: new FormCatalogue(pack, options.fieldTypes ? { fieldTypes: options.fieldTypes } : {}),
    engine: { effects: options.effects ?? defaultEffects(), operators: options.operators ?? defaultOperators() },
  };
}

function packInvalid(errors: PackIssue[]): DomainError {
  return new DomainError(SimulationErrorCode.PackInvalid, `The pack has ${errors.length} error(s); fix them before simulating.`, {
    errors: errors.map((i) => ({ path: `${i.file} ${i.path}`, message: i.message, keyword: i.code })),
  });
}
