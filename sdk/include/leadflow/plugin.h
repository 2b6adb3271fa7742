/*
 * leadflow plugin ABI, version 1: the only contract between the leadflow host and a provider
 * plugin. Pure C99, no dependencies beyond the C standard library, so plugins can be written
 * in C, C++, Rust, Go or anything else that exports a C function.
 *
 * A plugin is a sans-IO state machine. It never opens a socket, sleeps or starts a thread:
 * the host steps an operation with an event and the plugin answers with one action (send this
 * HTTP request, sleep, checkpoint this state, done, fail). The host owns every request, so
 * rate limits, retries, budgets, secret redaction and crash recovery work the same for every
 * plugin. docs/abi.md explains the protocol for plugin authors.
 *
 * Conventions used throughout this header:
 *  - OWNERSHIP: who allocated the memory and who frees it. Nothing is ever freed across the
 *    boundary: the host frees what the host allocated, the plugin what the plugin allocated.
 *  - LIFETIME: how long a pointer stays valid. Inputs are borrowed for the duration of a call;
 *    plugin outputs stay valid until the next call on the same object.
 *  - THREAD: which threads may make the call.
 *  - Every struct that can grow starts with `struct_size` (the sizeof the writer compiled).
 *    Fields are only ever appended; a reader treats any field beyond struct_size as zero, and
 *    zero always means the old behaviour. Enumerations are int32_t with #defines.
 *  - Strings are UTF-8, passed as pointer + length (lf_str) and NOT NUL-terminated.
 *  - No C++ types, exceptions, varargs, bitfields or unions cross the boundary.
 *  - JSON payloads (manifest, config, inputs, outputs, errors) follow the `leadflow.v1`
 *    schemas in docs/abi.md; they are versioned separately from these structs.
 */
#ifndef LEADFLOW_PLUGIN_H
#define LEADFLOW_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI version. The major is also part of the entry symbol's name; the minor travels in the data.
 * A host accepts a plugin when majors are equal and plugin.min_host_minor <= host minor. */
#define LF_ABI_MAJOR 1
#define LF_ABI_MINOR 1 /* 1.1: lf_http_request.client_certificate / client_key */

#if defined(_WIN32)
#define LF_EXPORT __declspec(dllexport)
#else
#define LF_EXPORT __attribute__((visibility("default")))
#endif

/* ---- Basic value types. FROZEN: never change (they appear inside arrays). ---- */

/* A UTF-8 string or byte buffer: pointer + length, not NUL-terminated. ptr may be NULL when len
 * is 0. OWNERSHIP and LIFETIME are stated wherever an lf_str appears. */
typedef struct lf_str {
  const char* ptr;
  size_t len;
} lf_str;

/* One HTTP header. Array element type: FROZEN. */
typedef struct lf_header {
  lf_str name;
  lf_str value;
} lf_header;

/* Status of an ABI call (not of a provider request). 0 is success, negative is an error whose
 * detail the plugin may pass through host->set_error before returning. */
typedef int32_t lf_status;
#define LF_OK 0
#define LF_E_INVALID_ARGUMENT (-1) /* bad config, bad input JSON, unknown capability */
#define LF_E_UNSUPPORTED (-2)      /* feature or ABI level this side does not have */
#define LF_E_NO_MEMORY (-3)
#define LF_E_INTERNAL (-4) /* plugin bug, or an exception caught at the SDK barrier */
#define LF_E_BAD_STATE (-5) /* call out of sequence, e.g. step after done */

/* Log levels for host->log. */
#define LF_LOG_TRACE 0
#define LF_LOG_DEBUG 1
#define LF_LOG_INFO 2
#define LF_LOG_WARN 3
#define LF_LOG_ERROR 4

/* Opaque handles.
 * lf_host_ctx:  HOST-owned. One per instance and one per operation; identifies the caller of a
 *               host service (which plugin, which operation) for logs and the cache namespace.
 * lf_instance:  PLUGIN-owned. A provider configured with one account (validated config).
 * lf_operation: PLUGIN-owned. One capability call for one record (or one batch). */
typedef struct lf_host_ctx lf_host_ctx;
typedef struct lf_instance lf_instance;
typedef struct lf_operation lf_operation;

/* ---- Host services: host -> plugin ---- */

/* OWNERSHIP: host. LIFETIME: valid from instance_create until the matching instance_free.
 * THREAD: every service may be called from whichever thread the host is currently calling the
 * plugin on, with a ctx that belongs to that call (the instance's ctx inside instance_create,
 * the operation's ctx inside operation_start/operation_step). A plugin must not keep a ctx and
 * use it from a thread of its own. The host never calls back into the plugin from a service. */
typedef struct lf_host_services {
  uint32_t struct_size; /* sizeof(lf_host_services) as compiled into the host */
  uint32_t abi_minor;   /* the host's LF_ABI_MINOR */

  /* -- 1.0 -- */

  /* Writes a log line tagged with the plugin and operation. The host copies message and
   * redacts every configured secret from it. */
  void (*log)(lf_host_ctx* ctx, int32_t level, lf_str message);
  /* Nonzero when a message at `level` would be written: check before formatting. */
  int32_t (*log_enabled)(lf_host_ctx* ctx, int32_t level);

  /* Wall clock in milliseconds since the Unix epoch, and a monotonic clock in milliseconds.
   * Both follow the host's clock: in the sandbox they run at the sandbox's time scale, so
   * compare them with provider timestamps (X-RateLimit-Reset) and never with the OS clock. */
  int64_t (*now_unix_ms)(lf_host_ctx* ctx);
  int64_t (*monotonic_ms)(lf_host_ctx* ctx);

  /* Key-value cache, namespaced per plugin by the host, persisted across runs where the host
   * has a store. cache_get returns 1 and fills *value when the key is present and fresh, else
   * 0. LIFETIME of *value: until the current plugin call returns. cache_put copies key and
   * value; ttl_seconds 0 means the host's default TTL. */
  int32_t (*cache_get)(lf_host_ctx* ctx, lf_str key, lf_str* value);
  void (*cache_put)(lf_host_ctx* ctx, lf_str key, lf_str value, uint32_t ttl_seconds);

  /* Attaches a human-readable message to the non-OK lf_status the plugin is about to return.
   * The host copies message. */
  void (*set_error)(lf_host_ctx* ctx, lf_status code, lf_str message);

  /* -- 1.1 and later: appended here only, never reordered or retyped -- */
} lf_host_services;

/* ---- The step protocol ---- */

/* Event kinds: what happened, delivered to operation_step. */
#define LF_EVENT_START 1         /* first step of an operation: no payload */
#define LF_EVENT_HTTP_RESPONSE 2 /* the requested HTTP exchange completed: http_status, headers, body */
#define LF_EVENT_HTTP_ERROR 3    /* no response after the host's retry policy: transport_error, error_message */
#define LF_EVENT_TIMER 4         /* a requested sleep elapsed */
#define LF_EVENT_CHECKPOINTED 5  /* a requested checkpoint is durable */
#define LF_EVENT_CANCEL 6        /* the host is abandoning the operation: answer DONE or FAIL */

/* Transport error kinds carried by LF_EVENT_HTTP_ERROR. */
#define LF_TRANSPORT_CONNECT 1  /* DNS, refused, unreachable */
#define LF_TRANSPORT_TLS 2      /* handshake or certificate verification failed */
#define LF_TRANSPORT_TIMEOUT 3  /* no complete response within timeout_ms */
#define LF_TRANSPORT_PROTOCOL 4 /* malformed HTTP, connection closed mid-response */
#define LF_TRANSPORT_REFUSED 5  /* the host refused to send it (policy: plain http to a non-loopback host, budget) */

/* OWNERSHIP: host. LIFETIME: the struct and everything it points to are valid only during the
 * operation_step call that receives it. */
typedef struct lf_event {
  uint32_t struct_size;
  int32_t kind; /* LF_EVENT_* */

  /* LF_EVENT_HTTP_RESPONSE */
  int32_t http_status;
  const lf_header* headers; /* header names are lower-case */
  size_t header_count;
  lf_str body;

  /* LF_EVENT_HTTP_ERROR */
  int32_t transport_error; /* LF_TRANSPORT_* */
  lf_str error_message;

  /* LF_EVENT_HTTP_RESPONSE and LF_EVENT_HTTP_ERROR: how many times the host sent the request
   * (more than 1 after retries of an idempotent request or after 429 waits). */
  uint32_t attempts;
} lf_event;

/* lf_http_request.flags */
#define LF_HTTP_IDEMPOTENT 0x1u /* the host may resend after a transport error, timeout or 5xx */

/* An HTTP request the plugin wants sent.
 * OWNERSHIP: plugin. LIFETIME: until the next operation_step or operation_free on the same
 * operation. The host never sends a non-idempotent request twice, except after a 429 (which by
 * definition was not processed). */
typedef struct lf_http_request {
  uint32_t struct_size;
  uint32_t flags;  /* LF_HTTP_* */
  lf_str method;   /* "GET", "POST", ... */
  lf_str url;      /* absolute; https, or http to a loopback host only */
  const lf_header* headers;
  size_t header_count;
  lf_str body;
  uint32_t timeout_ms;   /* 0: the host's default */
  lf_str rate_limit_key; /* a rate-limit class declared in the manifest; empty: "default" */
  double expected_cost;  /* credits this request may consume at most; the budget checks it */

  /* -- 1.1 -- A TLS client certificate (mutual TLS) for providers that authenticate the
   * connection. Both empty: no client certificate (the 1.0 behaviour). Both set: paths of PEM
   * files the HOST reads: the certificate chain (leaf first) and its private key. https only;
   * the host keeps connections made with one identity apart from all others, and fails the
   * request with LF_TRANSPORT_TLS when a file cannot be loaded. A 1.0 host refuses a request
   * that sets them (non-zero tail), so a plugin using them declares min_host_minor >= 1.
   * OWNERSHIP and LIFETIME: as the other strings of the request. */
  lf_str client_certificate;
  lf_str client_key;

  /* -- 1.2 and later: appended here only -- */
} lf_http_request;

/* Size of each released layout of lf_http_request (a reader treats later fields as zero). */
#define LF_HTTP_REQUEST_SIZE_1_0 (offsetof(lf_http_request, expected_cost) + sizeof(double))
#define LF_HTTP_REQUEST_SIZE_1_1 (offsetof(lf_http_request, client_key) + sizeof(lf_str))

/* Action kinds: what the plugin wants next, returned from operation_step. */
#define LF_ACTION_HTTP 1       /* send *http, then step with HTTP_RESPONSE or HTTP_ERROR */
#define LF_ACTION_SLEEP 2      /* wait sleep_ms, then step with TIMER */
#define LF_ACTION_CHECKPOINT 3 /* store json durably, then step with CHECKPOINTED */
#define LF_ACTION_DONE 4       /* json is the output (leadflow.v1 output for the capability) */
#define LF_ACTION_FAIL 5       /* json is the error {"code","message","retryable","provider_status"} */

/* OWNERSHIP: the struct is host-allocated, zeroed and given its struct_size by the host; the
 * plugin fills the fields that fit within struct_size. Everything the fields point to is
 * plugin-owned. LIFETIME of pointed-to data: until the next operation_step or operation_free on
 * the same operation. */
typedef struct lf_action {
  uint32_t struct_size;
  int32_t kind;                /* LF_ACTION_* */
  const lf_http_request* http; /* LF_ACTION_HTTP; a pointer so the request struct can grow */
  uint64_t sleep_ms;           /* LF_ACTION_SLEEP, in provider time (the sandbox scales it) */
  lf_str json;                 /* LF_ACTION_CHECKPOINT, LF_ACTION_DONE, LF_ACTION_FAIL */
  double credits_spent;        /* DONE and FAIL: credits the provider charged for the whole operation */
} lf_action;

/* ---- The plugin table: plugin -> host ---- */

/* lf_plugin.flags: none defined in 1.0. */

/* OWNERSHIP: plugin, static storage. LIFETIME: until the library is unloaded (the host keeps
 * plugins loaded for the life of the process). */
typedef struct lf_plugin {
  uint32_t struct_size;    /* sizeof(lf_plugin) as compiled into the plugin */
  uint16_t abi_major;      /* LF_ABI_MAJOR the plugin was built against; must equal the host's */
  uint16_t abi_minor;      /* LF_ABI_MINOR the plugin was built against */
  uint16_t min_host_minor; /* oldest host minor the plugin runs on; usually abi_minor */
  uint16_t flags;
  lf_str id;            /* "voilanorbert": [a-z0-9_-]+, unique among loaded plugins */
  lf_str version;       /* the plugin's own semantic version */
  lf_str manifest_json; /* leadflow.manifest.v1: capabilities, config fields, rate limits, costs */

  /* Creates a provider instance from config_json, which the host has already validated against
   * the manifest (defaults filled, types checked). On error returns non-OK after set_error.
   * THREAD: host control thread; never concurrent with any other call on the same plugin.
   * OWNERSHIP: *out is plugin-owned, freed by instance_free. services and ctx are host-owned
   * and valid until instance_free. */
  lf_status (*instance_create)(const lf_host_services* services, lf_host_ctx* ctx, lf_str config_json,
                               lf_instance** out);
  /* THREAD: host control thread, after every operation of the instance has been freed. */
  void (*instance_free)(lf_instance* instance);

  /* Starts one operation: `capability` (a name from the manifest) applied to input_json.
   * checkpoint_json is empty for a fresh operation, or the state from the operation's last
   * LF_ACTION_CHECKPOINT when the host resumes after a crash: continue from there (poll the
   * provider job) instead of submitting again. The host then steps it with LF_EVENT_START.
   * THREAD: any host thread; operations of one instance may be started and stepped
   * concurrently, so an instance must be immutable after creation or synchronise itself.
   * OWNERSHIP: the strings are borrowed for the call; *out is plugin-owned until
   * operation_free. ctx is host-owned and valid until operation_free. */
  lf_status (*operation_start)(lf_instance* instance, lf_host_ctx* ctx, lf_str capability, lf_str input_json,
                               lf_str checkpoint_json, lf_operation** out);
  /* Advances the operation with one event and fills *action. Never blocks, never performs I/O.
   * After DONE or FAIL the host only calls operation_free.
   * THREAD: calls on one operation are serialised by the host but may come from different
   * threads: keep no operation state in thread-locals. */
  lf_status (*operation_step)(lf_operation* operation, const lf_event* event, lf_action* action);
  /* Frees the operation and everything its actions pointed to. THREAD: as operation_step. */
  void (*operation_free)(lf_operation* operation);

  /* -- 1.1 and later: optional functions appended here only; NULL means "not implemented" -- */
} lf_plugin;

/* The one exported symbol: `leadflow_plugin_entry_v1`.
 * Returns the plugin's static table, or NULL if the plugin cannot serve a host of that
 * version. May be called more than once (several hosts in one process) and must return the
 * same table each time.
 * THREAD: host control thread. */
typedef const lf_plugin* (*lf_plugin_entry_v1_fn)(uint32_t host_abi_major, uint32_t host_abi_minor);
#define LF_PLUGIN_ENTRY_V1 "leadflow_plugin_entry_v1"

/* Size of each released layout, so a host can tell which fields a plugin's table has. */
#define LF_PLUGIN_SIZE_1_0 (offsetof(lf_plugin, operation_free) + sizeof(void (*)(lf_operation*)))

#ifdef __cplusplus
}
#endif

#endif /* LEADFLOW_PLUGIN_H */
