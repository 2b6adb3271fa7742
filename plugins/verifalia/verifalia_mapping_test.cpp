// The pure parts of the Verifalia plugin: the status table, the SDKs' poll delay, Verifalia's
// duration and retention formats, base URL lists, JWT claims and RFC 6238 TOTP codes.
#include "verifalia_test_support.hpp"

#include "bearer_token.hpp"
#include "job_snapshot.hpp"
#include "settings.hpp"
#include "totp.hpp"
#include "validation_status.hpp"

using namespace verifalia_test;
namespace vf = leadflow::verifalia;

TEST_CASE("every documented status code maps onto the verify_email scale") {
  struct Case {
    const char* code;
    const char* status;
    const char* reason;
  };
  for (const Case& c : {Case{"Success", "deliverable", "valid"}, Case{"ServerIsCatchAll", "risky", "catch_all"},
                        Case{"MailboxHasInsufficientStorage", "risky", "mailbox_full"}, Case{"MailboxIsDea", "risky", "disposable"},
                        Case{"MailboxDoesNotExist", "undeliverable", "no_such_user"},
                        Case{"DomainDoesNotExist", "undeliverable", "domain_nonexistent"},
                        Case{"DomainHasNullMx", "undeliverable", "domain_nonexistent"},
                        Case{"DomainIsWellKnownDea", "undeliverable", "disposable"},
                        Case{"AtSignNotFound", "undeliverable", "syntax_error"}, Case{"DoubleDotSequence", "undeliverable", "syntax_error"},
                        Case{"MailExchangerIsParked", "undeliverable", "other"},
                        Case{"MailboxTemporarilyUnavailable", "unknown", "greylisted"},
                        Case{"SmtpConnectionTimeout", "unknown", "timeout"}, Case{"UnhandledException", "unknown", "other"},
                        Case{"CatchAllConnectionFailure", "unknown", "other"}}) {
    CAPTURE(c.code);
    const auto verdict = vf::verdict_of(c.code);
    CHECK(verdict.known);
    CHECK(verdict.status == c.status);
    CHECK(verdict.reason == c.reason);
  }
  CHECK_FALSE(vf::verdict_of("SomethingNew").known);
  CHECK(vf::verdict_of("SomethingNew").status == "unknown");
}

TEST_CASE("an entry's classification decides its status; the code gives the reason and the flags") {
  const json catch_all = {{"status", "ServerIsCatchAll"}, {"classification", "Risky"}, {"emailAddress", "a@b.com"},
                          {"isRoleAccount", true}, {"isFreeEmailAddress", false}, {"hasInternationalDomainName", true},
                          {"suggestions", {"a@b.co"}}};
  const auto output = vf::verify_output(catch_all);
  CHECK(output["status"] == "risky");
  CHECK(output["reason"] == "catch_all");
  CHECK(output["catch_all"] == true);
  CHECK(output["role"] == true);
  CHECK(output["free"] == false);
  CHECK(output["international"] == true);
  CHECK(output["syntax_ok"] == true);
  CHECK(output["suggestions"] == json{"a@b.co"});
  CHECK(output["email"] == "a@b.com");
  CHECK(output["raw"] == catch_all);

  // A custom classification rule (OverrideMatch) that says Deliverable is Deliverable.
  CHECK(vf::verify_output({{"status", "OverrideMatch"}, {"classification", "Deliverable"}})["status"] == "deliverable");
  // A custom classification name falls back on the code's own class.
  CHECK(vf::verify_output({{"status", "MailboxDoesNotExist"}, {"classification", "Blacklisted"}})["status"] == "undeliverable");
  const auto dea = vf::verify_output({{"status", "DomainIsWellKnownDea"}, {"classification", "Undeliverable"}});
  CHECK(dea["disposable"] == true);
  CHECK(vf::verify_output({{"status", "AtSignNotFound"}, {"classification", "Undeliverable"}})["syntax_ok"] == false);
}

TEST_CASE("the poll delay is the clamped ETA, else 2^(log10(entries) - 1) seconds clamped to [0.5 s, 30 s]") {
  vf::JobSnapshot snapshot;
  snapshot.entry_count = 1;
  CHECK(vf::poll_delay(snapshot).count() == 500);
  snapshot.entry_count = 1000;
  CHECK(vf::poll_delay(snapshot).count() == 4000);
  snapshot.entry_count = 100'000'000;
  CHECK(vf::poll_delay(snapshot).count() == 30000);
  snapshot.eta = std::chrono::milliseconds(100);
  CHECK(vf::poll_delay(snapshot).count() == 500);
  snapshot.eta = std::chrono::hours(2);
  CHECK(vf::poll_delay(snapshot).count() == 30000);
  snapshot.eta = std::chrono::milliseconds(7250);
  CHECK(vf::poll_delay(snapshot).count() == 7250);
}

TEST_CASE("Verifalia durations and retention periods are read as documented") {
  CHECK(vf::parse_duration("00:00:04.5000000")->count() == 4500);
  CHECK(vf::parse_duration("1.02:03:04")->count() == ((26 * 60 + 3) * 60 + 4) * 1000LL);
  CHECK_FALSE(vf::parse_duration("soon"));
  CHECK(vf::retention_seconds("0:5:0") == 300);
  CHECK(vf::retention_seconds("30.0:0:0") == 30LL * 24 * 3600);
  CHECK(vf::retention_seconds("00:05:00") == 300);
  CHECK_FALSE(vf::retention_seconds("5 minutes"));
  CHECK_FALSE(vf::retention_seconds("0:60:0"));
}

TEST_CASE("base_url holds one URL or several separated by commas or spaces") {
  CHECK(vf::split_base_urls("https://a/v2.6") == std::vector<std::string>{"https://a/v2.6"});
  CHECK(vf::split_base_urls(" https://a/v2.6,https://b/v2.6 \n https://c/v2.6 ") ==
        std::vector<std::string>{"https://a/v2.6", "https://b/v2.6", "https://c/v2.6"});
}

TEST_CASE("TOTP codes match the RFC 6238 SHA-1 test vectors (last six digits)") {
  const auto key = vf::decode_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  REQUIRE(key);
  CHECK(*key == "12345678901234567890");
  CHECK(vf::totp_code(*key, 59) == "287082");
  CHECK(vf::totp_code(*key, 1111111109) == "081804");
  CHECK(vf::totp_code(*key, 1111111111) == "050471");
  CHECK(vf::totp_code(*key, 1234567890) == "005924");
  CHECK(vf::totp_code(*key, 2000000000) == "279037");
  CHECK_FALSE(vf::decode_base32("not base32!"));
}

TEST_CASE("a JWT's exp and verifalia:mfa claims are read; anything else is ignored") {
  const auto token = vf::parse_access_token(json{{"accessToken", jwt({{"exp", 1700000100}, {"verifalia:mfa", {"totp", "sms"}}, {"x", 1}})}}.dump());
  REQUIRE(token);
  CHECK(token->expires_unix_s == 1700000100);
  CHECK(token->needs_totp());
  CHECK(token->fresh_at(1700000000000));
  CHECK_FALSE(token->fresh_at(1700000050000));
  CHECK_FALSE(vf::parse_access_token(R"({"accessToken":"not-a-jwt"})"));
  CHECK_FALSE(vf::parse_access_token(R"({"token":"x.y.z"})"));
}
