#ifndef SB_IDENT_H
#define SB_IDENT_H

/*
 * Identity values of the register: resident ID numbers, phone numbers, their
 * masks, floors from room labels, calendar dates and ages.  Pure functions:
 * no I/O, no clock, no allocation.  Every out buffer is written in full
 * (NUL-terminated, empty on failure) whatever the answer.
 */

#include <stdbool.h>
#include <stdint.h>

#define IDENT_ID_LEN 18

/* Whether s is a valid resident ID number (GB 11643-1999): 17 digits and a
 * check digit (0-9 or X/x) by ISO 7064 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3
 * 7 9 10 5 8 4 2), a real birth date (YYYYMMDD at positions 7-14, year
 * 1900..2100) and a region code not starting with 0.  Exactly 18 characters:
 * no spaces (see ident_id_normalize).  False for NULL. */
bool ident_id_valid(const char *s);

/* The check digit ('0'-'9' or 'X') of the first 17 characters of s, which
 * must be digits; '\0' when they are not. */
char ident_id_check_digit(const char *s);

/* Normalises an ID number (trims ASCII white space and the ideographic space
 * U+3000 at both ends, upper-case X) into out; false (and out empty) when the
 * result is not valid by ident_id_valid. */
bool ident_id_normalize(const char *in, char out[IDENT_ID_LEN + 1]);

/* The birth date (YYYY-MM-DD) and sex (true: female; the 17th digit is even)
 * of a valid ID number.  For an invalid one, date is empty and *female false. */
void ident_id_birth(const char *id, char date[11], bool *female);

/* Normalises a phone number: hyphens, spaces and a leading +86 / 86 ignored;
 * a mainland mobile (11 digits, 1[3-9]xxxxxxxxx) stays 11 digits; a Shanghai
 * fixed line given as 8 digits (first digit 2-9) or 021 + 8 digits becomes
 * "021" + 8 digits; after a country code the international form 21 + 8
 * digits is taken too.  out has room for 16 bytes.  False (and out empty) for
 * anything else (other cities' area codes included). */
bool ident_phone_normalize(const char *in, char out[16]);

/* Masks: an ID number keeps its first 4 and last 4 characters
 * ("3101**********123X"); a mobile its first 3 and last 4 ("138****5678"); a
 * fixed line "021-****5678".  out has room for 24 bytes.  Input is a
 * normalised value (a phone number is normalised first; any 18 ASCII
 * characters are masked as an ID number, valid or not); anything else is
 * masked whole but for its last 4 characters (at most 19 stars), and a value
 * of 4 characters or fewer entirely.  NULL gives an empty mask. */
void ident_mask_id(const char *id, char out[24]);
void ident_mask_phone(const char *phone, char out[24]);

/* The floor of a room label, per docs/register.md "Floors from rooms":
 * "1201室" → 12, "1201" → 12, "301" → 3, "05" → unknown, "3-201" → 2,
 * "B102" → -1, "地下室" → unknown.  Also "12楼3室", "12层", "12F" → 12,
 * "3单元1201室", "20号1201" → 12 (unit and building prefixes skipped),
 * "1201A" → 12, "B1", "地下1层" → -1.  Floor 0 and rooms of 1, 2 or 5+
 * digits are unknown.  Returns true and sets *floor when it can tell;
 * false (and *floor untouched) when it cannot. */
bool ident_room_floor(const char *room, int *floor);

/* Whether s is a real calendar date written YYYY-MM-DD (leap years right;
 * years 0001..9999). */
bool ident_date_valid(const char *s);

/* Whole years from birth (YYYY-MM-DD) to today (YYYY-MM-DD); -1 when either
 * is invalid or birth is after today.  Someone born on 29 Feb has their
 * birthday on 1 Mar in non-leap years. */
int ident_age(const char *birth, const char *today);

/* Today's date in Asia/Shanghai (UTC+8, no DST) for a unix time, as
 * YYYY-MM-DD.  Times before 0001-01-01 or after 9999-12-31 are clamped to
 * those days. */
void ident_today(int64_t unix_seconds, char out[11]);

#endif
