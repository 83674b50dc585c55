/* utf8 — encoding and decoding code points, shared by the JSON and XML
 * decoders and by the escaping of text shown to people (util/text.h). */
#ifndef EKS_UTF8_H
#define EKS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Writes the UTF-8 form of code point `cp` (at most U+10FFFF, checked by
 * the caller) to out; returns its length, 1 to 4. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* The length (1 to 4) of the valid UTF-8 sequence at s[0..avail), its code
 * point in *cp (cp may be NULL); 0 when the bytes there are not valid UTF-8
 * (overlong forms, UTF-16 surrogates, values past U+10FFFF, a cut
 * sequence) or avail is 0. */
size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

#endif
