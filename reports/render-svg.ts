/**
 * Renders a Vega-Lite spec to an SVG string on the server: vega-lite compiles it to Vega, vega renders
 * it headless (`renderer: 'none'`, no browser, no canvas; text widths are estimated).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Collects vega-lite's compile warnings instead of printing them on the console. */
function quietLogger(warnings: string[]) {
  const logger = {
    level(_?: number) {
      return _ === undefined ? 0 : logger;
    },
    error(...m: unknown[]) {
      warnings.push(`error: ${m.join(' ')}`);
      return logger;
    },
    warn(...m: unknown[]) {
      warnings.push(m.join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The SVG text of `spec`; compile warnings are appended to `warnings` when given. */
export async function renderSvg(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const compiled = compile(spec, { logger: quietLogger(warnings) as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
