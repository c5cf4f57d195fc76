import type { Express } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * Knows which methods each registered path answers, so that a known path asked with
 * another method gets 405 + Allow rather than 404. Filled once the routes are mounted.
 */
export class RouteMethods {
  private static layers: RouteLayer[] = [];

  static capture(app: Express): void {
    const router = (app as unknown as { router?: { stack: RouteLayer[] } }).router;
    // Catch-all layers (static files, fallbacks) match a nonsense path: they say nothing about methods.
    RouteMethods.layers = (router?.stack ?? []).filter((l) => l.route && !safeMatch(l, '/\u0000/no-such-route'));
  }

  /** Methods allowed on this path, upper-case, or [] when the path is unknown. */
  static allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const layer of RouteMethods.layers) {
      if (!safeMatch(layer, path)) continue;
      for (const [m, on] of Object.entries(layer.route!.methods)) {
        if (on && m !== '_all') methods.add(m.toUpperCase());
      }
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}

function safeMatch(layer: RouteLayer, path: string): boolean {
  try {
    return layer.match(path);
  } catch {
    return false;
  }
}
