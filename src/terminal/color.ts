// Colour for one stream, decided once (colorLevel). chalk loads only on the paths that colour something.
import { Chalk, type ChalkInstance } from 'chalk';
import { colorLevel, type Env, type OutStream } from './io.ts';

export function makeChalk(stream: OutStream, env: Env, noColorFlag = false): ChalkInstance {
  return new Chalk({ level: colorLevel(stream, env, noColorFlag) });
}
