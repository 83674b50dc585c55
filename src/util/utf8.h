/* utf8 — encoding code points, shared by the JSON and XML decoders. */
#ifndef EKS_UTF8_H
#define EKS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Writes the UTF-8 form of code point `cp` (at most U+10FFFF, checked by
 * the caller) to out; returns its length, 1 to 4. */
size_t utf8_encode(uint32_t cp, char out[4]);

#endif
