// The custom_ids of an input, kept compactly while it is checked: a 64-bit hash of each id and the line
// it is on, 12 bytes an id in typed arrays (a Map of 200,000 id strings costs about 15 MB of heap).
// Two ids with the same hash are only suspects: the check reads their lines again to compare the ids
// themselves (input-check.ts), so a collision never reports a duplicate that is not one.

export type IdHash = (id: string) => readonly [number, number];

/** Two independent 32-bit hashes of the UTF-16 code units: FNV-1a, and a multiply-xorshift one. */
export const hashId: IdHash = (id) => {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b ^ (b >>> 13)) >>> 0];
};

export class IdIndex {
  #hi = new Uint32Array(1024);
  #lo = new Uint32Array(1024);
  /** The line of each slot; 0 marks an empty slot (lines count from 1). */
  #line = new Uint32Array(1024);
  #count = 0;
  readonly #hash: IdHash;

  constructor(hash: IdHash = hashId) {
    this.#hash = hash;
  }

  get size(): number {
    return this.#count;
  }

  /** The lines already holding an id with the same hash (almost always none, or the duplicate's); then adds this one. */
  add(id: string, line: number): number[] {
    const [hi, lo] = this.#hash(id);
    const same = this.#find(hi, lo);
    if ((this.#count + 1) * 2 > this.#line.length) this.#grow();
    this.#put(hi, lo, line);
    this.#count += 1;
    return same;
  }

  /** The lines holding an id with the same hash as `id`. */
  find(id: string): number[] {
    const [hi, lo] = this.#hash(id);
    return this.#find(hi, lo);
  }

  #find(hi: number, lo: number): number[] {
    const mask = this.#line.length - 1;
    const found: number[] = [];
    for (let slot = (lo ^ hi) & mask; this.#line[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.#hi[slot] === hi && this.#lo[slot] === lo) found.push(this.#line[slot] ?? 0);
    }
    return found;
  }

  #put(hi: number, lo: number, line: number): void {
    const mask = this.#line.length - 1;
    let slot = (lo ^ hi) & mask;
    while (this.#line[slot] !== 0) slot = (slot + 1) & mask;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#line[slot] = line;
  }

  #grow(): void {
    const [hi, lo, line] = [this.#hi, this.#lo, this.#line];
    const size = line.length * 2;
    this.#hi = new Uint32Array(size);
    this.#lo = new Uint32Array(size);
    this.#line = new Uint32Array(size);
    for (let slot = 0; slot < line.length; slot++) if (line[slot] !== 0) this.#put(hi[slot] ?? 0, lo[slot] ?? 0, line[slot] ?? 0);
  }
}

/** A set of line numbers, one bit each. */
export class LineSet {
  #bits = new Uint8Array(1024);

  add(line: number): void {
    const byte = line >>> 3;
    if (byte >= this.#bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.#bits.length * 2));
      grown.set(this.#bits);
      this.#bits = grown;
    }
    this.#bits[byte] = (this.#bits[byte] ?? 0) | (1 << (line & 7));
  }

  has(line: number): boolean {
    return (((this.#bits[line >>> 3] ?? 0) >>> (line & 7)) & 1) === 1;
  }
}
