/* version: the program's version. */
#ifndef KEHOACH_VERSION_H
#define KEHOACH_VERSION_H

#define KEHOACH_VERSION "0.1.0"

#endif
