/* The ABI test plugin, in plain C99 to prove the ABI needs no C++. Built as is it is a valid
 * plugin, `echo`; built with one of the ECHO_* definitions below (a value such as
 * ECHO_ABI_MAJOR=2, or a flag such as ECHO_WITHOUT_STEP, ECHO_ENTRY_RETURNS_NULL,
 * ECHO_MANIFEST_NOT_JSON, ECHO_WITHOUT_BASE_URL, ECHO_UNKNOWN_ACTION_KIND) it is broken in
 * exactly one way, so each loader rejection has its own plugin file (see tests/abi/CMakeLists.txt).
 *
 * Capabilities:
 *   echo              START -> DONE with the input; logs one line
 *   echo.http         START -> POST <base_url>/echo with the input; HTTP_RESPONSE -> DONE
 *                     {"status": <http status>, "attempts": n, "response": <body>}; HTTP_ERROR -> FAIL transport
 *   echo.wait         START -> SLEEP 250; TIMER -> CHECKPOINT {"slept":true}; CHECKPOINTED -> DONE
 *                     {"resumed":false}. Started with a checkpoint: START -> DONE {"resumed":true,"from":<checkpoint>}
 *   echo.cache        START -> cache_put("seen", input), cache_get("seen") -> DONE with what came back
 *   echo.future_http  START -> an HTTP request with a non-zero field after the 1.0 layout
 *   echo.mtls         as echo.http, with the ABI 1.1 client certificate /etc/leadflow/client.pem
 *                     and key /etc/leadflow/client.key (built against the 1.0 header: none)
 *   CANCEL in any state -> FAIL {"code":"cancelled"}
 */
#include <leadflow/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ECHO_ID
#define ECHO_ID "echo"
#endif
#ifndef ECHO_MANIFEST_ID /* differs from ECHO_ID in the "manifest id mismatch" plugin */
#define ECHO_MANIFEST_ID ECHO_ID
#endif
#ifndef ECHO_ABI_MAJOR
#define ECHO_ABI_MAJOR LF_ABI_MAJOR
#endif
#ifndef ECHO_MIN_HOST_MINOR
#define ECHO_MIN_HOST_MINOR LF_ABI_MINOR
#endif
#ifndef ECHO_STRUCT_SIZE
#define ECHO_STRUCT_SIZE sizeof(lf_plugin)
#endif
#ifndef ECHO_ENTRY_NAME /* leadflow_plugin_entry_v2 in the "no v1 entry symbol" plugin */
#define ECHO_ENTRY_NAME leadflow_plugin_entry_v1
#endif
#ifdef ECHO_WITHOUT_BASE_URL
#define ECHO_CONFIG_JSON "{\"api_key\":{\"type\":\"string\",\"secret\":true}}"
#else
#define ECHO_CONFIG_JSON                                                                    \
  "{\"base_url\":{\"type\":\"string\",\"default\":\"http://127.0.0.1:9\"},"                  \
  "\"api_key\":{\"type\":\"string\",\"secret\":true,\"description\":\"any text; keys starting " \
  "with 'bad' are refused\"}}"
#endif
#ifdef ECHO_MANIFEST_NOT_JSON
#define ECHO_MANIFEST_JSON "echo manifest, version 1"
#else
#define ECHO_MANIFEST_JSON                                                                                        \
  "{\"schema\":\"leadflow.manifest.v1\",\"id\":\"" ECHO_MANIFEST_ID "\",\"name\":\"Echo\",\"version\":\"1.0.0\"," \
  "\"description\":\"Answers with its input.\",\"config\":" ECHO_CONFIG_JSON ","                                  \
  "\"rate_limits\":{\"default\":{\"per_second\":100}},"                                                          \
  "\"capabilities\":{"                                                                                            \
  "\"echo\":{\"input\":{},\"output\":{}},"                                                                        \
  "\"echo.http\":{\"input\":{},\"output\":{},\"cost\":{\"credits\":1,\"charged\":\"on_success\"}},"               \
  "\"echo.wait\":{\"input\":{},\"output\":{}},"                                                                   \
  "\"echo.cache\":{\"input\":{},\"output\":{}},"                                                                  \
  "\"echo.future_http\":{\"input\":{},\"output\":{}},"                                                             \
  "\"echo.mtls\":{\"input\":{},\"output\":{}}}}"
#endif

typedef struct lf_instance {
  const lf_host_services* host;
  lf_host_ctx* ctx;
  char base_url[256];
} echo_instance;

typedef enum { WANTS_START, WANTS_RESPONSE, WANTS_TIMER, WANTS_CHECKPOINTED, FINISHED } echo_state;

/* A request with one field appended after the 1.0 layout, as a future plugin would send. */
typedef struct {
  lf_http_request request;
  uint64_t field_from_the_future;
} future_request;

typedef struct lf_operation {
  echo_instance* instance;
  lf_host_ctx* ctx;
  char capability[64];
  char* input;
  char* checkpoint;
  echo_state state;
  char url[300];
  lf_header header;
  future_request http;
  char* output; /* the json of the last action */
} echo_operation;

static lf_str str(const char* text) {
  lf_str s;
  s.ptr = text;
  s.len = strlen(text);
  return s;
}

static char* copy_str(lf_str s) {
  char* copy = (char*)malloc(s.len + 1);
  if (!copy) return NULL;
  if (s.len) memcpy(copy, s.ptr, s.len);
  copy[s.len] = '\0';
  return copy;
}

static int str_equals(lf_str s, const char* text) { return s.len == strlen(text) && memcmp(s.ptr, text, s.len) == 0; }

/* Copies the string value of "key" out of compact JSON ({"key":"value"}); 0 when absent. */
static int json_string_value(const char* json, const char* key, char* out, size_t out_size) {
  char pattern[80];
  const char* start;
  size_t n = 0;
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  start = strstr(json, pattern);
  if (!start) return 0;
  start += strlen(pattern);
  while (start[n] && start[n] != '"' && n + 1 < out_size) {
    out[n] = start[n];
    ++n;
  }
  out[n] = '\0';
  return 1;
}

static void fail_with(const lf_host_services* host, lf_host_ctx* ctx, lf_status code, const char* message) {
  host->set_error(ctx, code, str(message));
}

static lf_status instance_create(const lf_host_services* services, lf_host_ctx* ctx, lf_str config_json, lf_instance** out) {
  char key[128];
  char message[256];
  char* config = copy_str(config_json);
  echo_instance* instance;
  if (!config) return LF_E_NO_MEMORY;
  if (json_string_value(config, "api_key", key, sizeof key) && strncmp(key, "bad", 3) == 0) {
    snprintf(message, sizeof message, "the provider refused the key %s", key);
    fail_with(services, ctx, LF_E_INVALID_ARGUMENT, message);
    free(config);
    return LF_E_INVALID_ARGUMENT;
  }
  instance = (echo_instance*)calloc(1, sizeof *instance);
  if (!instance) {
    free(config);
    return LF_E_NO_MEMORY;
  }
  instance->host = services;
  instance->ctx = ctx;
  json_string_value(config, "base_url", instance->base_url, sizeof instance->base_url);
  if (json_string_value(config, "api_key", key, sizeof key)) {
    snprintf(message, sizeof message, "ready, using key %s", key);
    services->log(ctx, LF_LOG_INFO, str(message));
  }
  free(config);
  *out = instance;
  return LF_OK;
}

static void instance_free(lf_instance* instance) { free(instance); }

static lf_status operation_start(lf_instance* instance, lf_host_ctx* ctx, lf_str capability, lf_str input_json,
                                 lf_str checkpoint_json, lf_operation** out) {
  static const char* const known[] = {"echo", "echo.http", "echo.wait", "echo.cache", "echo.future_http", "echo.mtls"};
  echo_operation* operation;
  size_t i;
  int found = 0;
  for (i = 0; i < sizeof known / sizeof known[0]; ++i) found |= str_equals(capability, known[i]);
  if (!found || capability.len >= 64) {
    fail_with(instance->host, ctx, LF_E_INVALID_ARGUMENT, "echo has no such capability");
    return LF_E_INVALID_ARGUMENT;
  }
  operation = (echo_operation*)calloc(1, sizeof *operation);
  if (!operation) return LF_E_NO_MEMORY;
  operation->instance = instance;
  operation->ctx = ctx;
  memcpy(operation->capability, capability.ptr, capability.len);
  operation->input = copy_str(input_json);
  operation->checkpoint = copy_str(checkpoint_json);
  operation->state = WANTS_START;
  *out = operation;
  return LF_OK;
}

/* Replaces the operation's output with printf-formatted text. */
static const char* set_output(echo_operation* operation, const char* format, const char* a, const char* b) {
  size_t size = strlen(format) + (a ? strlen(a) : 0) + (b ? strlen(b) : 0) + 64;
  free(operation->output);
  operation->output = (char*)malloc(size);
  if (operation->output) snprintf(operation->output, size, format, a, b);
  return operation->output ? operation->output : "{}";
}

static void answer(lf_action* action, int32_t kind, const char* json) {
  action->kind = kind;
  action->json = str(json);
}

static void send_request(echo_operation* operation, lf_action* action, int from_the_future) {
  snprintf(operation->url, sizeof operation->url, "%s/echo", operation->instance->base_url);
  operation->header.name = str("x-echo");
  operation->header.value = str("yes");
  memset(&operation->http, 0, sizeof operation->http);
  operation->http.request.struct_size = from_the_future ? sizeof(future_request) : sizeof(lf_http_request);
  operation->http.request.flags = LF_HTTP_IDEMPOTENT;
  operation->http.request.method = str("POST");
  operation->http.request.url = str(operation->url);
  operation->http.request.headers = &operation->header;
  operation->http.request.header_count = 1;
  operation->http.request.body = str(operation->input);
  operation->http.request.timeout_ms = 1500;
  operation->http.request.rate_limit_key = str("default");
  operation->http.request.expected_cost = 1;
  operation->http.field_from_the_future = from_the_future ? 1 : 0;
#ifdef LF_HTTP_REQUEST_SIZE_1_1
  if (strcmp(operation->capability, "echo.mtls") == 0) {
    operation->http.request.client_certificate = str("/etc/leadflow/client.pem");
    operation->http.request.client_key = str("/etc/leadflow/client.key");
  }
#endif
  action->kind = LF_ACTION_HTTP;
  action->http = &operation->http.request;
  operation->state = WANTS_RESPONSE;
}

static void start(echo_operation* operation, lf_action* action) {
  const lf_host_services* host = operation->instance->host;
  const char* capability = operation->capability;
  if (strcmp(capability, "echo") == 0) {
    if (host->log_enabled(operation->ctx, LF_LOG_DEBUG)) host->log(operation->ctx, LF_LOG_DEBUG, str("echoing"));
    answer(action, LF_ACTION_DONE, operation->input);
  } else if (strcmp(capability, "echo.http") == 0 || strcmp(capability, "echo.future_http") == 0 || strcmp(capability, "echo.mtls") == 0) {
    send_request(operation, action, strcmp(capability, "echo.future_http") == 0);
  } else if (strcmp(capability, "echo.wait") == 0 && operation->checkpoint[0]) {
    answer(action, LF_ACTION_DONE, set_output(operation, "{\"resumed\":true,\"from\":%s}", operation->checkpoint, NULL));
  } else if (strcmp(capability, "echo.wait") == 0) {
    action->kind = LF_ACTION_SLEEP;
    action->sleep_ms = 250;
    operation->state = WANTS_TIMER;
  } else {
    lf_str cached;
    host->cache_put(operation->ctx, str("seen"), str(operation->input), 60);
    if (host->cache_get(operation->ctx, str("seen"), &cached)) {
      char* copy = copy_str(cached);
      answer(action, LF_ACTION_DONE, set_output(operation, "{\"cached\":%s}", copy, NULL));
      free(copy);
    } else {
      answer(action, LF_ACTION_DONE, "{\"cached\":null}");
    }
  }
}

static void respond(echo_operation* operation, const lf_event* event, lf_action* action) {
  char status[64];
  char* body = copy_str(event->body);
  snprintf(status, sizeof status, "%d,\"attempts\":%u", (int)event->http_status, (unsigned)event->attempts);
  action->credits_spent = 1;
  answer(action, LF_ACTION_DONE, set_output(operation, "{\"status\":%s,\"response\":%s}", status, body));
  free(body);
}

static lf_status operation_step(lf_operation* operation, const lf_event* event, lf_action* action) {
#ifdef ECHO_UNKNOWN_ACTION_KIND
  (void)operation;
  (void)event;
  action->kind = 99;
  return LF_OK;
#else
  if (operation->state == FINISHED) return LF_E_BAD_STATE;
  if (event->kind == LF_EVENT_CANCEL) {
    answer(action, LF_ACTION_FAIL, "{\"code\":\"cancelled\",\"message\":\"cancelled by the host\",\"retryable\":false,\"provider_status\":0}");
  } else if (event->kind == LF_EVENT_START && operation->state == WANTS_START) {
    start(operation, action);
  } else if (event->kind == LF_EVENT_HTTP_RESPONSE && operation->state == WANTS_RESPONSE) {
    respond(operation, event, action);
  } else if (event->kind == LF_EVENT_HTTP_ERROR && operation->state == WANTS_RESPONSE) {
    answer(action, LF_ACTION_FAIL, "{\"code\":\"transport\",\"message\":\"the echo server did not answer\",\"retryable\":true,\"provider_status\":0}");
  } else if (event->kind == LF_EVENT_TIMER && operation->state == WANTS_TIMER) {
    answer(action, LF_ACTION_CHECKPOINT, "{\"slept\":true}");
    operation->state = WANTS_CHECKPOINTED;
    return LF_OK;
  } else if (event->kind == LF_EVENT_CHECKPOINTED && operation->state == WANTS_CHECKPOINTED) {
    answer(action, LF_ACTION_DONE, "{\"resumed\":false}");
  } else {
    fail_with(operation->instance->host, operation->ctx, LF_E_BAD_STATE, "echo did not expect this event now");
    return LF_E_BAD_STATE;
  }
  if (action->kind == LF_ACTION_DONE || action->kind == LF_ACTION_FAIL) operation->state = FINISHED;
  return LF_OK;
#endif
}

static void operation_free(lf_operation* operation) {
  free(operation->input);
  free(operation->checkpoint);
  free(operation->output);
  free(operation);
}

static const lf_plugin echo_plugin = {
    ECHO_STRUCT_SIZE,
    ECHO_ABI_MAJOR,
    LF_ABI_MINOR,
    ECHO_MIN_HOST_MINOR,
    0,
    {ECHO_ID, sizeof(ECHO_ID) - 1},
    {"1.0.0", 5},
    {ECHO_MANIFEST_JSON, sizeof(ECHO_MANIFEST_JSON) - 1},
    instance_create,
    instance_free,
    operation_start,
#ifdef ECHO_WITHOUT_STEP
    NULL,
#else
    operation_step,
#endif
    operation_free,
};

LF_EXPORT const lf_plugin* ECHO_ENTRY_NAME(uint32_t host_abi_major, uint32_t host_abi_minor) {
  (void)host_abi_major;
  (void)host_abi_minor;
#ifdef ECHO_ENTRY_RETURNS_NULL
  return NULL;
#else
  return &echo_plugin;
#endif
}
