import { All, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Permission } from '@app/identity';
import { PluginCatalogue, PluginRoutesService } from '@app/plugin-host';
import { SopRegistry } from '@app/sop-registry';
import { Locale, User } from '../http/request-context';

/**
 * Plugin routes: `/api/plugins/<plugin id>/...`, served only for plugins the active pack enables,
 * each after the permission it declares (see PluginRoutesService). One generic entry point, so
 * adding a plugin adds no controller.
 */
@ApiTags('plugins')
@ApiBearerAuth()
@Controller('api/plugins')
export class PluginsController {
  constructor(
    private readonly routes: PluginRoutesService,
    private readonly catalogue: PluginCatalogue,
    private readonly registry: SopRegistry,
  ) {}

  @Get()
  @Permission('authenticated')
  @ApiOperation({ summary: 'The plugins the active SOP pack enables, with their routes and the permission each needs' })
  async list() {
    const sop = await this.registry.current();
    return sop.pack.plugins.map((p) => {
      const def = this.catalogue.get(p.id);
      return {
        id: p.id,
        version: p.version,
        name: def?.name ?? {},
        subjects: p.subjects,
        routes: (def?.routes ?? []).map((r) => ({
          id: r.id,
          method: r.method,
          path: `/api/plugins/${p.id}${r.path}`,
          summary: r.summary,
          permission: r.permission,
        })),
      };
    });
  }

  @All(':pluginId/*path')
  @Permission('authenticated')
  @ApiOperation({ summary: 'A route of an enabled plugin (GET /api/plugins lists them)' })
  @ApiOkResponse({ description: "The plugin route's answer", schema: { description: 'JSON in the shape the plugin route declares' } })
  async call(@User() user: CurrentUser, @Locale() locale: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const pluginId = String(req.params.pluginId);
    const prefix = `/api/plugins/${pluginId}`;
    let path: string;
    try {
      path = req.path.slice(prefix.length).split('/').map(decodeURIComponent).join('/') || '/';
    } catch {
      path = '/\u0000';
    }
    // One value per query key (a repeated key keeps its first), as the SDK types it.
    const query: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.query)) if (k !== 'locale') query[k] = Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined;
    // The plugin answers in the language the request asks for (?locale=), as the rest of the API does.
    const out = await this.routes.handle({ ...user, locale }, { method: req.method, pluginId, path, query, body: req.body });
    res.status(out.status).json(out.body);
  }
}
