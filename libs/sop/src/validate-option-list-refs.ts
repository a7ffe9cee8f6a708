import { isKnownOptionList, LOCATIONS_OPTION_LIST, walkSchema } from '@app/forms';
import type { SopPack } from '@app/pack-types';
import { formFileName } from './pack-files';
import { jp, PackIssue, pointerToJsonPath } from './pack-issue';

/**
 * Forms' `x-optionList` names a list of option-lists.json or the built-in list of the pack's places
 * ("locations"). A pack list of that id wins over the built-in one: packs written before it existed
 * keep their meaning, and the author is warned, since a form naming it gets the pack's list.
 */
export function checkOptionListRefs(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const sources = { optionLists: pack.optionLists, locations: pack.locations };
  if (Object.prototype.hasOwnProperty.call(pack.optionLists, LOCATIONS_OPTION_LIST)) {
    issues.push({
      file: 'option-lists.json',
      path: jp('$.optionLists', LOCATIONS_OPTION_LIST),
      code: 'option_list_hides_built_in',
      message: `option list "${LOCATIONS_OPTION_LIST}" hides the built-in list of the pack's places (locations.json): forms naming it get this list; rename it to use the places`,
      severity: 'warning',
    });
  }
  for (const form of pack.forms) {
    walkSchema(form.schema, (node, ctx) => {
      const listId = node['x-optionList'];
      if (listId !== undefined && !isKnownOptionList(listId, sources)) {
        issues.push({
          file: formFileName(form.id, form.version),
          path: jp(pointerToJsonPath(ctx.pointer, '$.schema'), 'x-optionList'),
          code: 'unknown_option_list',
          message: `option list "${String(listId)}" does not exist in option-lists.json (nor is it the built-in "${LOCATIONS_OPTION_LIST}", the pack's places)`,
          severity: 'error',
        });
      }
    });
  }
  return issues;
}
