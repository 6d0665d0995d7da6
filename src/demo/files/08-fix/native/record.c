/*
 * Checks of stock records for the import daemon.
 *
 * A record is one line, SKU;NAME;QTY;PRICE. The daemon calls record_parse()
 * on every line of a supplier feed, so everything here sees untrusted input.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stockroom.h"

#define MAX_FIELDS 4

static bool is_sku_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool record_valid_sku(const char *sku, size_t len)
{
	size_t i;

	if (len == 0 || len > SKU_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (!is_sku_char(sku[i]))
			return false;
	}
	return true;
}

/* Parse "12" or "12.34" into cents; -1 when malformed. */
static long parse_price_cents(const char *s)
{
	char *end;
	long whole, frac = 0;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	whole = strtol(s, &end, 10);
	if (errno != 0 || whole > LONG_MAX / 100 - 1)
		return -1;
	if (*end == '.') {
		end++;
		if (!isdigit((unsigned char)*end))
			return -1;
		frac = (*end++ - '0') * 10;
		if (isdigit((unsigned char)*end))
			frac += *end++ - '0';
	}
	return *end == '\0' ? whole * 100 + frac : -1;
}

/*
 * Split LINE in place at each ';' and point FIELDS at the pieces.
 * Returns the number of fields found.
 */
static size_t split_fields(char *line, char *fields[MAX_FIELDS])
{
	size_t n = 0;
	char *p;

	fields[n++] = line;
	for (p = line; *p != '\0'; p++) {
		if (*p == ';') {
			if (n == MAX_FIELDS)
				return n + 1; /* too many: the caller rejects the line */
			*p = '\0';
			fields[n++] = p + 1;
		}
	}
	return n;
}

int record_parse(char *line, struct record *out)
{
	char *fields[MAX_FIELDS];
	char *end;
	long qty;

	if (split_fields(line, fields) != MAX_FIELDS)
		return RECORD_EFIELDS;
	if (!record_valid_sku(fields[0], strlen(fields[0])))
		return RECORD_ESKU;
	memcpy(out->sku, fields[0], strlen(fields[0]) + 1);
	if (sv_copy_field(out->name, sizeof(out->name), fields[1]) != 0)
		return RECORD_ENAME;

	errno = 0;
	qty = strtol(fields[2], &end, 10);
	if (errno != 0 || end == fields[2] || *end != '\0')
		return RECORD_EQTY;
	if (qty < 0 || qty > QTY_MAX)
		return RECORD_EQTY;
	out->qty = (int)qty;
	out->price_cents = parse_price_cents(fields[3]);
	if (out->price_cents < 0)
		return RECORD_EPRICE;
	return RECORD_OK;
}

/* Write R back as a record line; returns what snprintf returns. */
int record_format(const struct record *r, char *buf, size_t len)
{
	return snprintf(buf, len, "%s;%s;%d;%ld.%02ld", r->sku, r->name, r->qty,
			r->price_cents / 100, r->price_cents % 100);
}
