/**
 * The InfluxDB metrics sink against a real server (its own database, dropped after): points arrive in
 * batches with the retention policy applied; an unreachable server buffers and retries without throwing;
 * a full buffer drops the oldest points and counts them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDatabase, query } from '../../../engine/adapters/influx/influx-http.js';
import { InfluxMetricsSink } from '../../../engine/adapters/influx/influx-metrics-sink.js';
import { createTestInflux, INFLUX_URL, need } from './services.js';

const load = (agentId: string, atMs: number) => ({
  agentId,
  cluster: 'c1',
  atMs,
  cpu: 0.5,
  memory: 0.25,
  network: 0.1,
  runningTasks: 3,
});

async function count(t: ReturnType<typeof createTestInflux>, measurement: string): Promise<number> {
  const r = await query(t.target, `SELECT count(*) FROM "${measurement}"`, t.database);
  const row = r.results?.[0]?.series?.[0]?.values?.[0];
  return row ? Number(row[1]) : 0;
}

describe.runIf(need('influx'))('InfluxDB metrics sink', () => {
  const t = createTestInflux();
  afterAll(() => t.drop());

  it('writes agent load, engine, task-run and system points in batches under a retention policy', async () => {
    await ensureDatabase(t.target, t.database, 'agentsched', '7d');
    await ensureDatabase(t.target, t.database, 'agentsched', '14d');
    const rps = await query(t.target, `SHOW RETENTION POLICIES ON "${t.database}"`);
    const rp = rps.results?.[0]?.series?.[0]?.values?.find((v) => v[0] === 'agentsched');
    expect(rp?.[1]).toBe('336h0m0s');
    const sink = new InfluxMetricsSink({
      url: INFLUX_URL,
      database: t.database,
      retentionPolicy: 'agentsched',
      batchLinesMax: 500,
    });
    const now = Date.now();
    await sink.writeAgentLoad(Array.from({ length: 1200 }, (_, i) => load(`a${i % 100}`, now - 10_000 + i)));
    await sink.writeEngine([
      { atMs: now, stimuli: 5, decisions: 2, completions: 1, aliveAgents: 3, readyTasks: 0, runningTasks: 2 },
    ]);
    await sink.writeTaskRuns([
      {
        taskId: 't "1"',
        dagId: 'd',
        agentId: 'a1',
        attempt: 1,
        outcome: 'completed',
        atMs: now,
        durationMs: 12,
      },
    ]);
    await sink.writeSystem([
      {
        atMs: now,
        host: 'h',
        rssBytes: 1,
        heapUsedBytes: 1,
        cpuUserMs: 1,
        cpuSystemMs: 0,
        eventLoopDelayMsP99: 1,
        stimulusQueue: 0,
      },
    ]);
    await sink.close();
    expect(sink.stats).toMatchObject({ linesWritten: 1203, linesDropped: 0, writesFailed: 0 });
    expect(sink.stats.batchesWritten).toBeGreaterThanOrEqual(3);
    expect(await count(t, 'agent_load')).toBe(1200);
    expect(await count(t, 'task_run')).toBe(1);
  });

  it('buffers while the server is unreachable, never throws, and drops (counted) past the bound', async () => {
    const errors: string[] = [];
    const sink = new InfluxMetricsSink({
      url: 'http://user:pw-secret@127.0.0.1:9',
      database: t.database,
      bufferLinesMax: 1000,
      flushIntervalMs: 20,
      retryBaseMs: 20,
      requestTimeoutMs: 200,
      onError: (m) => errors.push(m),
    });
    await sink.writeAgentLoad(Array.from({ length: 1500 }, (_, i) => load('a', i)));
    await new Promise((r) => setTimeout(r, 150));
    expect(sink.bufferedLines).toBe(1000);
    expect(sink.stats.linesDropped).toBe(500);
    expect(sink.stats.writesFailed).toBeGreaterThan(0);
    expect(errors.join(' ')).not.toContain('pw-secret');
    await sink.close(100);
  });
});
