/* String helpers shared by the native tools. */
#include <ctype.h>
#include <string.h>

#include "stockroom.h"

/*
 * Copy the NUL-terminated SRC into DST, which holds DSTLEN bytes.
 * Returns 0, or -1 when SRC does not fit (DST is then left empty).
 */
int sv_copy_field(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);

	if (n > dstlen) {
		if (dstlen > 0)
			dst[0] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

/* Strip leading and trailing white space from S in place; returns S. */
char *sv_trim(char *s)
{
	char *start = s;
	size_t n;

	while (isspace((unsigned char)*start))
		start++;
	n = strlen(start);
	while (n > 0 && isspace((unsigned char)start[n - 1]))
		n--;
	memmove(s, start, n);
	s[n] = '\0';
	return s;
}

/* The length of S once sv_escape_html() has escaped it. */
size_t sv_escaped_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			n += 5;
			break;
		case '<':
		case '>':
			n += 4;
			break;
		case '"':
			n += 6;
			break;
		default:
			n++;
		}
	}
	return n;
}

/* Copy S into DST with &, <, > and " escaped; DST holds sv_escaped_len(S) + 1. */
void sv_escape_html(char *dst, const char *s)
{
	for (; *s != '\0'; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		}
		if (rep != NULL) {
			size_t n = strlen(rep);

			memcpy(dst, rep, n);
			dst += n;
		} else {
			*dst++ = *s;
		}
	}
	*dst = '\0';
}
