/*
 * banned.h - libc functions that mldigest does not use.
 *
 * Include this last in every .c file.  Each banned name expands to an
 * undeclared identifier, so a use fails to compile with a message that
 * names the function.  Use md_buf_addf(), snprintf(), gmtime_r() and
 * localtime_r() instead.  Modelled on git's banned.h.
 */
#ifndef MD_BANNED_H
#define MD_BANNED_H

#define MD_BANNED(func) sorry_##func##_is_banned_in_mldigest

#undef strcpy
#define strcpy(x, y) MD_BANNED(strcpy)
#undef strcat
#define strcat(x, y) MD_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) MD_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) MD_BANNED(strncat)
#undef sprintf
#define sprintf(...) MD_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MD_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) MD_BANNED(strtok)
#undef gmtime
#define gmtime(t) MD_BANNED(gmtime)
#undef localtime
#define localtime(t) MD_BANNED(localtime)
#undef ctime
#define ctime(t) MD_BANNED(ctime)
#undef asctime
#define asctime(t) MD_BANNED(asctime)

#endif
