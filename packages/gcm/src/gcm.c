/* AES-GCM (16-byte tag, 12-byte IV) on OpenSSL's EVP API, for @trent/gcm: a key handle keeps one
 * initialised EVP_CIPHER_CTX per direction (key schedule done once); seal/open write into a
 * caller-given buffer. Every length and offset is checked here; nothing is written out of bounds. */
#include <node_api.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IV_LEN 12
#define TAG_LEN 16

typedef struct { EVP_CIPHER_CTX *enc, *dec; } gcm_key;

static const napi_type_tag KEY_TAG = { 0x7472656e74676d63ULL, 0x6b65792d68616e64ULL };

/* Frees both contexts: EVP_CIPHER_CTX_free cleanses the key schedule (OPENSSL_clear_free). */
static void key_clear(gcm_key *k) {
  EVP_CIPHER_CTX_free(k->enc);
  EVP_CIPHER_CTX_free(k->dec);
  k->enc = k->dec = NULL;
}

static void key_finalize(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  key_clear((gcm_key *)data);
  free(data);
}

static napi_value fail(napi_env env, int range, const char *msg) {
  if (range) napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
  else napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return NULL;
}

/* A Uint8Array argument (a Buffer is one): its first byte and length. */
static int get_bytes(napi_env env, napi_value v, uint8_t **p, size_t *n) {
  bool is = false;
  napi_typedarray_type t;
  napi_value ab;
  size_t off;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  if (napi_get_typedarray_info(env, v, &t, n, (void **)p, &ab, &off) != napi_ok) return 0;
  return t == napi_uint8_array;
}

/* A non-negative integer offset no larger than `max`. */
static int get_offset(napi_env env, napi_value v, size_t max, size_t *off) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return 0;
  if (!(d >= 0) || d > (double)max || floor(d) != d) return 0;
  *off = (size_t)d;
  return 1;
}

/* The key handle of argument 0; NULL (with a pending exception) if it is not one or was destroyed. */
static gcm_key *get_key(napi_env env, napi_value v) {
  bool ok = false;
  void *data = NULL;
  if (napi_check_object_type_tag(env, v, &KEY_TAG, &ok) != napi_ok || !ok ||
      napi_get_value_external(env, v, &data) != napi_ok) {
    fail(env, 0, "key must be a key handle from gcmKey()");
    return NULL;
  }
  gcm_key *k = data;
  if (!k->enc) { napi_throw_error(env, "ERR_GCM_DESTROYED", "the GCM key was destroyed"); return NULL; }
  return k;
}

static const EVP_CIPHER *cipher_for(size_t key_n) {
  return key_n == 16 ? EVP_aes_128_gcm() : key_n == 24 ? EVP_aes_192_gcm() : key_n == 32 ? EVP_aes_256_gcm() : NULL;
}

static EVP_CIPHER_CTX *new_ctx(const EVP_CIPHER *c, const uint8_t *key, int enc) {
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  if (ctx && EVP_CipherInit_ex(ctx, c, NULL, key, NULL, enc) == 1) return ctx;
  EVP_CIPHER_CTX_free(ctx);
  return NULL;
}

/* key(keyBytes) → handle. The caller keeps (and should zero) its own copy of the key bytes. */
static napi_value Key(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], ext;
  uint8_t *key;
  size_t n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 1 || !get_bytes(env, argv[0], &key, &n)) return fail(env, 0, "key must be a Uint8Array");
  const EVP_CIPHER *c = cipher_for(n);
  if (!c) return fail(env, 1, "key must be 16, 24 or 32 bytes");
  gcm_key *k = calloc(1, sizeof *k);
  if (!k) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
  k->enc = new_ctx(c, key, 1);
  k->dec = new_ctx(c, key, 0);
  if (!k->enc || !k->dec) { key_finalize(env, k, NULL); napi_throw_error(env, NULL, "AES-GCM key setup failed"); return NULL; }
  if (napi_create_external(env, k, key_finalize, NULL, &ext) != napi_ok) { key_finalize(env, k, NULL); return NULL; }
  napi_type_tag_object(env, ext, &KEY_TAG);
  return ext;
}

/* destroy(handle): frees and cleanses the contexts now; later use throws ERR_GCM_DESTROYED. */
static napi_value Destroy(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool ok = false;
  void *data;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_check_object_type_tag(env, argv[0], &KEY_TAG, &ok) != napi_ok || !ok ||
      napi_get_value_external(env, argv[0], &data) != napi_ok)
    return fail(env, 0, "key must be a key handle from gcmKey()");
  key_clear(data);
  return NULL;
}

/* The six arguments shared by seal and open, checked. `in` is plaintext (seal) or ciphertext‖tag (open).
 * The key is a handle (its ready context) or, for the one-shot calls, key bytes (a context made for
 * this call only: `owned`, freed by the caller with call_end). */
typedef struct { EVP_CIPHER_CTX *ctx; int owned; uint8_t *iv, *aad, *in, *out; size_t aad_n, in_n, out_n; } call_args;

static int read_args(napi_env env, napi_callback_info info, call_args *a, int sealing, int once) {
  size_t argc = 6, iv_n, off, key_n;
  napi_value v[6];
  uint8_t *key = NULL;
  gcm_key *k = NULL;
  a->ctx = NULL;
  a->owned = 0;
  if (napi_get_cb_info(env, info, &argc, v, NULL, NULL) != napi_ok) return 0;
  if (argc < 6) { fail(env, 0, "expected (key, iv, aad, input, out, outOffset)"); return 0; }
  if (once) {
    if (!get_bytes(env, v[0], &key, &key_n)) { fail(env, 0, "key must be a Uint8Array"); return 0; }
    if (!cipher_for(key_n)) { fail(env, 1, "key must be 16, 24 or 32 bytes"); return 0; }
  } else if (!(k = get_key(env, v[0]))) return 0;
  if (!get_bytes(env, v[1], &a->iv, &iv_n)) { fail(env, 0, "iv must be a Uint8Array"); return 0; }
  if (iv_n != IV_LEN) { fail(env, 1, "iv must be 12 bytes"); return 0; }
  if (!get_bytes(env, v[2], &a->aad, &a->aad_n)) { fail(env, 0, "aad must be a Uint8Array"); return 0; }
  if (!get_bytes(env, v[3], &a->in, &a->in_n)) { fail(env, 0, "input must be a Uint8Array"); return 0; }
  if (!get_bytes(env, v[4], &a->out, &a->out_n)) { fail(env, 0, "out must be a Uint8Array"); return 0; }
  if (a->aad_n > INT_MAX || a->in_n > INT_MAX - TAG_LEN) { fail(env, 1, "aad or input too long"); return 0; }
  if (!sealing && a->in_n < TAG_LEN) { fail(env, 1, "input must hold at least the 16-byte tag"); return 0; }
  size_t need = sealing ? a->in_n + TAG_LEN : a->in_n - TAG_LEN;
  napi_valuetype vt;
  if (napi_typeof(env, v[5], &vt) != napi_ok || vt != napi_number) { fail(env, 0, "outOffset must be a number"); return 0; }
  if (!get_offset(env, v[5], a->out_n, &off) || a->out_n - off < need) { fail(env, 1, "outOffset out of range or out too small"); return 0; }
  a->out += off;
  a->out_n = need;
  /* OpenSSL allows exactly in-place or disjoint buffers, nothing in between. */
  size_t body = sealing ? a->in_n : a->in_n - TAG_LEN;
  if (a->out != a->in && a->out < a->in + body && a->in < a->out + a->out_n) { fail(env, 1, "out overlaps input"); return 0; }
  /* Last, so that no check above can leave a context behind. */
  if (k) { a->ctx = sealing ? k->enc : k->dec; return 1; }
  if (!(a->ctx = new_ctx(cipher_for(key_n), key, sealing))) { napi_throw_error(env, NULL, "AES-GCM key setup failed"); return 0; }
  a->owned = 1;
  return 1;
}

/* Frees a one-shot call's context (EVP_CIPHER_CTX_free cleanses its key schedule). */
static void call_end(call_args *a) {
  if (a->owned) EVP_CIPHER_CTX_free(a->ctx);
  a->ctx = NULL;
}

static napi_value number(napi_env env, size_t n) {
  napi_value r;
  napi_create_double(env, (double)n, &r);
  return r;
}

/* seal(key, iv, aad, plaintext, out, outOffset) → bytes written (ciphertext ‖ tag). */
static napi_value seal(napi_env env, napi_callback_info info, int once) {
  call_args a;
  int n1 = 0, n2 = 0;
  if (!read_args(env, info, &a, 1, once)) return NULL;
  EVP_CIPHER_CTX *c = a.ctx;
  int ok = EVP_EncryptInit_ex(c, NULL, NULL, NULL, a.iv) == 1 &&
           EVP_EncryptUpdate(c, NULL, &n1, a.aad, (int)a.aad_n) == 1 &&
           EVP_EncryptUpdate(c, a.out, &n1, a.in, (int)a.in_n) == 1 &&
           EVP_EncryptFinal_ex(c, a.out + n1, &n2) == 1 &&
           EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, TAG_LEN, a.out + a.in_n) == 1;
  call_end(&a);
  if (!ok) {
    OPENSSL_cleanse(a.out, a.out_n);
    napi_throw_error(env, NULL, "AES-GCM encryption failed");
    return NULL;
  }
  return number(env, a.out_n);
}

/* open(key, iv, aad, ciphertext‖tag, out, outOffset) → plaintext length; on a bad tag the bytes
 * written are zeroed and ERR_GCM_AUTH is thrown. */
static napi_value open_(napi_env env, napi_callback_info info, int once) {
  call_args a;
  int n1 = 0, n2 = 0;
  uint8_t tag[TAG_LEN];
  if (!read_args(env, info, &a, 0, once)) return NULL;
  EVP_CIPHER_CTX *c = a.ctx;
  memcpy(tag, a.in + a.out_n, TAG_LEN); /* before an in-place write could reach it */
  int ok = EVP_DecryptInit_ex(c, NULL, NULL, NULL, a.iv) == 1 &&
           EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, TAG_LEN, tag) == 1 &&
           EVP_DecryptUpdate(c, NULL, &n1, a.aad, (int)a.aad_n) == 1 &&
           EVP_DecryptUpdate(c, a.out, &n1, a.in, (int)a.out_n) == 1 &&
           EVP_DecryptFinal_ex(c, a.out + n1, &n2) == 1;
  call_end(&a);
  if (!ok) {
    OPENSSL_cleanse(a.out, a.out_n);
    napi_throw_error(env, "ERR_GCM_AUTH", "AES-GCM authentication failed");
    return NULL;
  }
  return number(env, a.out_n);
}

static napi_value Seal(napi_env env, napi_callback_info info) { return seal(env, info, 0); }
static napi_value Open(napi_env env, napi_callback_info info) { return open_(env, info, 0); }
/* sealOnce/openOnce(keyBytes, …): the same with a key used for this one call (no handle kept). */
static napi_value SealOnce(napi_env env, napi_callback_info info) { return seal(env, info, 1); }
static napi_value OpenOnce(napi_env env, napi_callback_info info) { return open_(env, info, 1); }

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor d[] = {
    { "key", NULL, Key, NULL, NULL, NULL, napi_default, NULL },
    { "destroy", NULL, Destroy, NULL, NULL, NULL, napi_default, NULL },
    { "seal", NULL, Seal, NULL, NULL, NULL, napi_default, NULL },
    { "open", NULL, Open, NULL, NULL, NULL, napi_default, NULL },
    { "sealOnce", NULL, SealOnce, NULL, NULL, NULL, napi_default, NULL },
    { "openOnce", NULL, OpenOnce, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof d / sizeof d[0], d);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
