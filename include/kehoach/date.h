/* date: calendar days, parsing of ISO and dd/mm/yyyy, formatting. */
#ifndef KEHOACH_DATE_H
#define KEHOACH_DATE_H

#include <stdint.h>
#include <time.h>

/* A calendar date as days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t kh_date;

#define KH_NO_DATE INT32_MIN

enum { DATE_OK = 0, DATE_SYNTAX = -1, DATE_IMPOSSIBLE = -2 };

/* Return the date for year y, month m (1-12), day d, or KH_NO_DATE when no
 * such day exists (31/02, month 13, a year outside 1900-9999). */
kh_date date_from_ymd(int y, int m, int d);

/* Split a date into year, month (1-12) and day. */
void date_to_ymd(kh_date date, int *y, int *m, int *d);

/* Parse "yyyy-mm-dd" or "d/m/yyyy" (one or two digits for day and month) into
 * *out. Return DATE_OK, DATE_SYNTAX, or DATE_IMPOSSIBLE for a date that does
 * not exist. */
int date_parse(const char *s, kh_date *out);

/* Write "dd/mm/yyyy" into buf (11 bytes) and return buf. */
char *date_format_dmy(kh_date date, char buf[11]);

/* Write "yyyy-mm-dd" into buf (11 bytes) and return buf. */
char *date_format_iso(kh_date date, char buf[11]);

/* Return the number of days in month m of year y. */
int date_days_in_month(int y, int m);

/* Return the local calendar date of the instant t. */
kh_date date_of_time(time_t t);

/* Return today's local date. */
kh_date date_today(void);

/* Write the instant t as local "dd/mm/yyyy HH:MM" into buf (17 bytes); return buf. */
char *date_format_local_time(time_t t, char buf[17]);

/* Write the instant t as UTC "yyyy-mm-ddTHH:MM:SSZ" into buf (21 bytes); return buf. */
char *date_format_utc(time_t t, char buf[21]);

/* Parse a UTC "yyyy-mm-ddTHH:MM:SSZ" into *out; return 0, or -1 on bad input. */
int date_parse_utc(const char *s, time_t *out);

#endif
