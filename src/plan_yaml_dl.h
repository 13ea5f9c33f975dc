/* plan_yaml_dl: libyaml opened when a plan file is first parsed or written
 * (dlopen of the distro's libyaml, see src/dl.h), not at every start: a
 * command whose plan comes from the plan cache maps none of it. For the
 * plan reader and writer only (src/plan_yaml.c, src/plan_save.c): include
 * it in place of <yaml.h>; every yaml_* call below goes through a pointer
 * that plan_yaml_dl_load sets. */
#ifndef KEHOACH_PLAN_YAML_DL_H
#define KEHOACH_PLAN_YAML_DL_H

#include <yaml.h>

#include "kehoach/error.h"

/* Open libyaml once (any thread may call it; later calls only answer).
 * Return KH_E_OK, or KH_E_IO naming the library and why it failed. */
kh_errcode plan_yaml_dl_load(kh_error *err);

/* Every function of libyaml the plan reader and writer call. */
#define PLAN_YAML_DL_FUNCS(X)                                                                      \
    X(yaml_document_end_event_initialize)                                                          \
    X(yaml_document_start_event_initialize)                                                        \
    X(yaml_emitter_delete)                                                                         \
    X(yaml_emitter_emit)                                                                           \
    X(yaml_emitter_flush)                                                                          \
    X(yaml_emitter_initialize)                                                                     \
    X(yaml_emitter_set_encoding)                                                                   \
    X(yaml_emitter_set_indent)                                                                     \
    X(yaml_emitter_set_output)                                                                     \
    X(yaml_emitter_set_unicode)                                                                    \
    X(yaml_emitter_set_width)                                                                      \
    X(yaml_event_delete)                                                                           \
    X(yaml_mapping_end_event_initialize)                                                           \
    X(yaml_mapping_start_event_initialize)                                                         \
    X(yaml_parser_delete)                                                                          \
    X(yaml_parser_initialize)                                                                      \
    X(yaml_parser_parse)                                                                           \
    X(yaml_parser_set_encoding)                                                                    \
    X(yaml_parser_set_input_string)                                                                \
    X(yaml_scalar_event_initialize)                                                                \
    X(yaml_sequence_end_event_initialize)                                                          \
    X(yaml_sequence_start_event_initialize)                                                        \
    X(yaml_stream_end_event_initialize)                                                            \
    X(yaml_stream_start_event_initialize)

#define PLAN_YAML_DL_DECLARE(f) extern __typeof__(&f) plan_yaml_dl_##f;
PLAN_YAML_DL_FUNCS(PLAN_YAML_DL_DECLARE)
#undef PLAN_YAML_DL_DECLARE

#ifndef PLAN_YAML_DL_IMPL
#define yaml_document_end_event_initialize   (*plan_yaml_dl_yaml_document_end_event_initialize)
#define yaml_document_start_event_initialize (*plan_yaml_dl_yaml_document_start_event_initialize)
#define yaml_emitter_delete                  (*plan_yaml_dl_yaml_emitter_delete)
#define yaml_emitter_emit                    (*plan_yaml_dl_yaml_emitter_emit)
#define yaml_emitter_flush                   (*plan_yaml_dl_yaml_emitter_flush)
#define yaml_emitter_initialize              (*plan_yaml_dl_yaml_emitter_initialize)
#define yaml_emitter_set_encoding            (*plan_yaml_dl_yaml_emitter_set_encoding)
#define yaml_emitter_set_indent              (*plan_yaml_dl_yaml_emitter_set_indent)
#define yaml_emitter_set_output              (*plan_yaml_dl_yaml_emitter_set_output)
#define yaml_emitter_set_unicode             (*plan_yaml_dl_yaml_emitter_set_unicode)
#define yaml_emitter_set_width               (*plan_yaml_dl_yaml_emitter_set_width)
#define yaml_event_delete                    (*plan_yaml_dl_yaml_event_delete)
#define yaml_mapping_end_event_initialize    (*plan_yaml_dl_yaml_mapping_end_event_initialize)
#define yaml_mapping_start_event_initialize  (*plan_yaml_dl_yaml_mapping_start_event_initialize)
#define yaml_parser_delete                   (*plan_yaml_dl_yaml_parser_delete)
#define yaml_parser_initialize               (*plan_yaml_dl_yaml_parser_initialize)
#define yaml_parser_parse                    (*plan_yaml_dl_yaml_parser_parse)
#define yaml_parser_set_encoding             (*plan_yaml_dl_yaml_parser_set_encoding)
#define yaml_parser_set_input_string         (*plan_yaml_dl_yaml_parser_set_input_string)
#define yaml_scalar_event_initialize         (*plan_yaml_dl_yaml_scalar_event_initialize)
#define yaml_sequence_end_event_initialize   (*plan_yaml_dl_yaml_sequence_end_event_initialize)
#define yaml_sequence_start_event_initialize (*plan_yaml_dl_yaml_sequence_start_event_initialize)
#define yaml_stream_end_event_initialize     (*plan_yaml_dl_yaml_stream_end_event_initialize)
#define yaml_stream_start_event_initialize   (*plan_yaml_dl_yaml_stream_start_event_initialize)
#endif

#endif
