import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoadAlert, LoadMonitor, toAlertCommand } from '../../../engine/load/load-monitor.js';
import { DEFAULT_THRESHOLDS, nextStatus, rawStatus, statusRank } from '../../../engine/load/load-status.js';
import {
  currentThresholds,
  DEFAULT_DYNAMIC_POLICY,
  validateThresholds,
} from '../../../engine/load/load-thresholds.js';
import { RollingWindow } from '../../../engine/load/rolling-window.js';

const staticPolicy = { kind: 'static', thresholds: DEFAULT_THRESHOLDS } as const;
const cpuOnly = (cpu: number) => ({ cpu, memory: cpu, network: cpu });

describe('rolling window', () => {
  it('keeps the last capacity samples and their mean and percentiles', () => {
    const w = new RollingWindow(3);
    for (const v of [1, 2, 3, 4, 5]) w.push(v);
    expect(Array.from(w.values())).toEqual([3, 4, 5]);
    expect(w.mean()).toBeCloseTo(4);
    expect(w.percentile(0.5)).toBe(4);
    expect(w.last()).toBe(5);
  });
});

describe('status with hysteresis', () => {
  it.each([
    ['idle', 0.1, 'idle'],
    ['idle', 0.75, 'busy'],
    ['busy', 0.68, 'busy'],
    ['busy', 0.6, 'normal'],
    ['overloaded', 0.87, 'overloaded'],
    ['overloaded', 0.5, 'normal'],
    ['overloaded', 0.05, 'idle'],
  ] as const)('from %s at load %f goes to %s', (from, load, to) => {
    expect(nextStatus(from, load, DEFAULT_THRESHOLDS, 0.05)).toBe(to);
  });

  it('a load oscillating within the hysteresis band below a boundary changes status at most once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.66, max: 0.74, noNaN: true }), { minLength: 2, maxLength: 200 }),
        (loads) => {
          let s = rawStatus(loads[0]!, DEFAULT_THRESHOLDS);
          let changes = 0;
          for (const l of loads.slice(1)) {
            const n = nextStatus(s, l, DEFAULT_THRESHOLDS, 0.05);
            if (n !== s) changes++;
            s = n;
          }
          expect(changes).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('escalates immediately and never skips past the raw level', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('idle', 'normal', 'busy', 'overloaded' as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (from, load) => {
          const to = nextStatus(from, load, DEFAULT_THRESHOLDS, 0.05);
          const raw = rawStatus(load, DEFAULT_THRESHOLDS);
          if (statusRank(raw) >= statusRank(from)) expect(to).toBe(raw);
          else expect(statusRank(to)).toBeGreaterThanOrEqual(statusRank(raw));
        },
      ),
    );
  });
});

describe('thresholds', () => {
  it('dynamic thresholds follow percentiles of recent load within their bounds', () => {
    const h = new RollingWindow(100);
    for (let i = 0; i < 100; i++) h.push(0.3 + 0.004 * i);
    const t = currentThresholds(DEFAULT_DYNAMIC_POLICY, h);
    expect(t.busy).toBeCloseTo(h.percentile(0.8));
    expect(t.overloaded).toBeGreaterThanOrEqual(0.75);
    validateThresholds(t);
  });

  it('rejects unordered thresholds naming the values', () => {
    expect(() => validateThresholds({ normal: 0.5, busy: 0.4, overloaded: 0.9 })).toThrow(
      /normal 0.5, busy 0.4/,
    );
  });
});

describe('load monitor', () => {
  it('returns alerts as values when an agent crosses levels, without flapping', () => {
    const m = new LoadMonitor({ windowSize: 1, thresholds: staticPolicy });
    const alerts: LoadAlert[] = [];
    const loads = [0.1, 0.5, 0.95, 0.88, 0.92, 0.86, 0.5];
    loads.forEach((l, i) => {
      alerts.push(...m.observe('a1', i * 1000, cpuOnly(l)));
    });
    const changes = alerts
      .filter((a) => a.kind === 'AgentStatusChanged')
      .map((a) => (a.kind === 'AgentStatusChanged' ? a.to : ''));
    expect(changes).toEqual(['normal', 'overloaded', 'normal']);
    expect(m.status('a1')).toBe('normal');
  });

  it('smooths heartbeats over its rolling window', () => {
    const m = new LoadMonitor({ windowSize: 4, thresholds: staticPolicy });
    for (const l of [0.2, 0.2, 0.2]) m.observe('a', 0, cpuOnly(l));
    m.observe('a', 0, cpuOnly(1));
    expect(m.snapshot('a')!.cpu).toBeCloseTo(0.4);
    expect(m.status('a')).toBe('normal');
  });

  it('raises and clears a cluster alert as the overloaded share crosses its limit', () => {
    const m = new LoadMonitor({ windowSize: 1, thresholds: staticPolicy, clusterOverloadedShare: 0.5 });
    m.observe('a', 0, cpuOnly(0.1));
    const up = m.observe('b', 1, cpuOnly(0.99));
    expect(up.map((a) => a.kind)).toContain('ClusterOverloaded');
    const down = m.observe('b', 2, cpuOnly(0.1));
    expect(down.map((a) => a.kind)).toContain('ClusterRecovered');
    expect(toAlertCommand(up[1]!)).toMatchObject({ kind: 'Alert', level: 'critical' });
  });

  it('the bottleneck resource dominates the composite load', () => {
    const m = new LoadMonitor({ windowSize: 1, thresholds: staticPolicy });
    m.observe('mem-bound', 0, { cpu: 0.05, memory: 0.95, network: 0.05 });
    expect(m.snapshot('mem-bound')!.load).toBeGreaterThan(0.6);
    expect(m.status('mem-bound')).not.toBe('idle');
  });

  it('entropy weighting favours the resource that varies across agents', () => {
    const m = new LoadMonitor({ windowSize: 1, thresholds: staticPolicy, weighting: 'entropy' });
    for (let i = 0; i < 10; i++) m.observe(`a${i}`, 0, { cpu: 0.1 + 0.08 * i, memory: 0.5, network: 0.5 });
    m.observe('a0', 1, { cpu: 0.1, memory: 0.5, network: 0.5 });
    const w = m.snapshot('a0')!.weights;
    expect(w.cpu).toBeGreaterThan(w.memory);
    expect(w.cpu).toBeGreaterThan(w.network);
  });
});
