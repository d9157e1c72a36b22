// GMime 3 (Debian `libgmime-3.0-dev`): MIME parsing, transfer and header decoding for mail.
#include <gmime/gmime.h>

// GObject's type-check and cast macros cannot be called from Swift: small wrappers.

static inline gboolean furet_gmime_is_part(GMimeObject *object) { return GMIME_IS_PART(object); }
static inline gboolean furet_gmime_is_multipart(GMimeObject *object) { return GMIME_IS_MULTIPART(object); }
static inline gboolean furet_gmime_is_message_part(GMimeObject *object) { return GMIME_IS_MESSAGE_PART(object); }

static inline gboolean furet_gmime_is_type(GMimeObject *object, const char *type, const char *subtype) {
    return g_mime_content_type_is_type(g_mime_object_get_content_type(object), type, subtype);
}

static inline int furet_gmime_multipart_count(GMimeObject *object) {
    return g_mime_multipart_get_count(GMIME_MULTIPART(object));
}

static inline GMimeObject *furet_gmime_multipart_part(GMimeObject *object, int index) {
    return g_mime_multipart_get_part(GMIME_MULTIPART(object), index);
}

static inline GMimeMessage *furet_gmime_message_part_message(GMimeObject *object) {
    return g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
}

static inline gboolean furet_gmime_part_is_attachment(GMimeObject *object) {
    return g_mime_part_is_attachment(GMIME_PART(object));
}

/// The part's file name (RFC 2231 and RFC 2047 decoded), or NULL.
static inline const char *furet_gmime_part_filename(GMimeObject *object) {
    return g_mime_part_get_filename(GMIME_PART(object));
}

/// The part's content with its transfer encoding (base64, quoted-printable) undone; the
/// caller frees it with g_byte_array_unref. NULL when the part has no content.
static inline GByteArray *furet_gmime_part_bytes(GMimeObject *object) {
    GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(object));
    if (content == NULL) return NULL;
    GMimeStream *stream = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, stream);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
    g_object_unref(stream);
    return bytes;
}

static void furet_gmime_note_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer flags) {
    (void)offset;
    (void)item;
    if (code < 32) *(guint32 *)flags |= 1u << code;
}

/// Parser options that set bit `code` of `*flags` for each warning the parser raises, so that
/// a truncated or hostile message can be told from a valid one.
static inline GMimeParserOptions *furet_gmime_options_new(guint32 *flags) {
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(options, furet_gmime_note_warning, flags);
    return options;
}
