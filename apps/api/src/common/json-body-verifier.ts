import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonNestingDepth } from './json-nesting-depth.js';

/**
 * Maximum nesting depth of a JSON request body. The deepest DTO, a commit, nests 3 levels. The limit
 * keeps class-transformer and class-validator, which recurse once per level, far from the stack
 * limit that about 1,500 levels reached.
 */
export const MAX_JSON_BODY_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a JSON body before body-parser parses it: the bytes must be valid UTF-8, which RFC 8259
 * requires and which the parser would otherwise replace with U+FFFD, and nesting must stay
 * within MAX_JSON_BODY_DEPTH. It is body-parser's `verify` hook, whose thrown errors keep their
 * status.
 */
export function verifyJsonBody(
  _request: IncomingMessage,
  _response: ServerResponse,
  body: Buffer,
  encoding: string,
): void {
  if (encoding.toLowerCase() !== 'utf-8') {
    throw new UnsupportedMediaTypeException(`the request body is ${encoding}; send JSON as UTF-8`);
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new BadRequestException('the request body is not valid UTF-8');
  }
  const depth = jsonNestingDepth(text);
  if (depth > MAX_JSON_BODY_DEPTH) {
    throw new BadRequestException(
      `the request body nests ${depth} levels deep; at most ${MAX_JSON_BODY_DEPTH} are allowed`,
    );
  }
}
