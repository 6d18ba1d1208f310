/**
 * Growable typed arrays, one class per element type so that each stays monomorphic for V8
 * (a single class over several array types made every push a megamorphic access).
 */
export class Float64List {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Float64Array(this.data.length * 2));
    this.data[this.length++] = v;
  }
  trimmed(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class Float32List {
  data = new Float32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Float32Array(this.data.length * 2));
    this.data[this.length++] = v;
  }
  trimmed(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

export class Uint32List {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Uint32Array(this.data.length * 2));
    this.data[this.length++] = v;
  }
  trimmed(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

export class Uint8List {
  data = new Uint8Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Uint8Array(this.data.length * 2));
    this.data[this.length++] = v;
  }
  trimmed(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

export class Int8List {
  data = new Int8Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Int8Array(this.data.length * 2));
    this.data[this.length++] = v;
  }
  trimmed(): Int8Array {
    return this.data.slice(0, this.length);
  }
}

function grow<T extends { set(a: ArrayLike<number>): void }>(from: ArrayLike<number>, to: T): T {
  to.set(from);
  return to;
}
