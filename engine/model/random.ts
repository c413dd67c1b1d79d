/**
 * Seeded, forkable pseudo-random streams (sfc32). The engine core and the simulator take all their
 * randomness from a `Random`; `fork(name)` derives an independent stream so that adding a draw in one
 * component never shifts another component's sequence.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Independent stream derived from this stream's seed and `name` (not from its current position). */
  fork(name: string): Random;
  /** Standard normal deviate. */
  normal(): number;
}

function hashString(s: string, h: number): number {
  // FNV-1a over UTF-16 code units, then an avalanche step.
  let x = h >>> 0 || 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(private readonly seedKey: string) {
    this.a = hashString(seedKey, 0x9e3779b9);
    this.b = hashString(seedKey, 0x243f6a88);
    this.c = hashString(seedKey, 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  private u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.u32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  fork(name: string): Random {
    return new Sfc32(`${this.seedKey}/${name}`);
  }
}

/** A root stream for a seed. Same seed, same sequence, on every platform. */
export function createRandom(seed: number | string): Random {
  return new Sfc32(`seed:${seed}`);
}
