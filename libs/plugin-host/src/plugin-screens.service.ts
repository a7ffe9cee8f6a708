import { Inject, Injectable } from '@nestjs/common';
import { DomainError, pickLabel, registerErrorCodes } from '@app/core';
import { PluginCaseGateway } from '@app/cases';
import type { CurrentUser } from '@app/identity';
import type { Translated } from '@app/pack-types';
import type { PluginDefinition, PluginRoute, ScreenPlacement } from '@app/plugin-sdk';
import { SopRegistry, type CompiledSop } from '@app/sop-registry';
import { PluginCatalogue } from './plugin-catalogue';
import { checkScreens, routeParams, screensOf } from './screen-contract';
import { resolveScreen, type PluginScreenView } from './screen-views';

registerErrorCodes({
  plugin_screen_not_found: { status: 404, title: 'No such screen' },
  plugin_screens_invalid: { status: 500, title: "A plugin's screens do not fit the pack's settings" },
});

export interface ScreenQuery {
  locale?: string;
  /** The case a case page section is for (checks the routes' permissions on it). */
  caseId?: string;
}

/**
 * The screens of the plugins the active pack enables, as one user may use them (see
 * docs/plugins.md, "Screens"): only those whose source route the user may call, with only the
 * actions they may take. The routes check again when called: this only spares the user buttons
 * that would be refused.
 */
@Injectable()
export class PluginScreensService {
  constructor(
    @Inject(PluginCatalogue) private readonly catalogue: PluginCatalogue,
    private readonly registry: SopRegistry,
    private readonly gateway: PluginCaseGateway,
  ) {}

  /** The user's screens shown at `placement` (for `case`, on the case `caseId`). */
  async list(user: CurrentUser, placement: ScreenPlacement, q: ScreenQuery): Promise<PluginScreenView[]> {
    if (placement === 'case' && !q.caseId) return [];
    const sop = await this.registry.current();
    const may = await this.permissions(user, sop, q.caseId);
    if (!may) return [];
    const out: PluginScreenView[] = [];
    for (const { def, screens } of this.enabled(sop)) {
      for (const screen of screens) {
        if (!(screen.placement ?? []).includes(placement)) continue;
        const view = resolveScreen(def, screen, this.resolution(sop, def, may, q.locale ?? sop.pack.manifest.defaultLocale));
        if (view) out.push(view);
      }
    }
    return out;
  }

  /** One screen by id; 404 when the plugin is not enabled, the screen unknown, or the user may not use it. */
  async one(user: CurrentUser, pluginId: string, screenId: string, q: ScreenQuery): Promise<PluginScreenView> {
    const sop = await this.registry.current();
    const found = this.enabled(sop).find((p) => p.def.id === pluginId);
    const screen = found?.screens.find((s) => s.id === screenId);
    const may = screen ? await this.permissions(user, sop, screen.params?.includes('caseId') ? q.caseId : undefined) : null;
    const view =
      found && screen && may ? resolveScreen(found.def, screen, this.resolution(sop, found.def, may, q.locale ?? sop.pack.manifest.defaultLocale)) : null;
    if (!view) throw new DomainError('plugin_screen_not_found', `There is no screen ${pluginId}/${screenId} you may use.`);
    return view;
  }

  private enabled(sop: CompiledSop) {
    return sop.pack.plugins.flatMap((p) => {
      const def = this.catalogue.get(p.id);
      if (!def) return [];
      const screens = screensOf(def, p.settings);
      if (typeof def.screens === 'function') {
        const problems = checkScreens(def, screens);
        if (problems.length) throw new DomainError('plugin_screens_invalid', `Plugin "${def.id}": ${problems.join('; ')}.`);
      }
      return [{ def, screens }];
    });
  }

  /** Route permissions: on the case when a route takes `:caseId` and one is given, otherwise "granted somewhere". Null: the case is not readable. */
  private async permissions(user: CurrentUser, sop: CompiledSop, caseId: string | undefined): Promise<((route: PluginRoute<any>) => boolean) | null> {
    const somewhere = (route: PluginRoute<any>) => this.gateway.canSomewhere(user, sop, route.permission.action, route.permission.subject);
    if (!caseId) return somewhere;
    const onCase = await this.gateway.rulesOnCase(user, caseId);
    if (!onCase) return null;
    return (route) => (routeParams(route.path).includes('caseId') ? onCase(route.permission.action, route.permission.subject) : somewhere(route));
  }

  private resolution(sop: CompiledSop, def: PluginDefinition<any>, may: (route: PluginRoute<any>) => boolean, locale: string) {
    const text = (t: Translated) => (t && Object.prototype.hasOwnProperty.call(t, locale) ? t[locale] : pickLabel(t, sop.pack.manifest.defaultLocale));
    return {
      text,
      may,
      formSchema: (formId: string) => sop.forms.jsonSchema(formId, locale) ?? { type: 'object', title: formId, properties: {} },
    };
  }
}
