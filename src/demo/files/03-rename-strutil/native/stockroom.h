/* The stockroom native library: checks stock records from supplier feeds. */
#ifndef STOCKROOM_H
#define STOCKROOM_H

#include <stdbool.h>
#include <stddef.h>

#define SKU_MAX 16
#define NAME_MAX_LEN 64
#define QTY_MAX 1000000

enum record_status {
	RECORD_OK = 0,
	RECORD_EFIELDS,	/* not exactly four fields */
	RECORD_ESKU,	/* SKU empty, too long or with a bad character */
	RECORD_ENAME,	/* name too long */
	RECORD_EQTY,	/* quantity not a number or out of range */
	RECORD_EPRICE,	/* price not of the form 12 or 12.34 */
};

struct record {
	char sku[SKU_MAX + 1];
	char name[NAME_MAX_LEN];
	int qty;
	long price_cents;
};

/* record.c */
bool record_valid_sku(const char *sku, size_t len);
int record_parse(char *line, struct record *out);
int record_format(const struct record *r, char *buf, size_t len);

/* strutil.c */
int sv_copy_field(char *dst, size_t dstlen, const char *src);
char *sv_trim(char *s);
size_t sv_escaped_len(const char *s);
void sv_escape_html(char *dst, const char *s);

#endif
