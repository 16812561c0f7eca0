"""The rules of OpenAPI changes, declared next to the checks that find them.

Each rule is a constant the checks name (`OPERATION_REMOVED`), so a misspelt rule fails at
import. Schema rules come in pairs: one kind of schema change (`SchemaKind`) means one thing
in what clients send and another in what they receive, so each kind gives both rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..i18n import N_
from ..model import Level
from ..rule import B, I, Rule, W, by_id

# --- operations, parameters, bodies, responses, security, servers -------------------------

FOR_OPERATION = N_(" for {operation}")
"""Where a server change applies when it is an operation's own servers (`{scope}`)."""


OPERATION_ADDED = Rule("api.operation.added", I, "Operation added",
    "{operation} was added.",
    "A new capability; nothing existing changes.",
    "Nothing to do; adopt it when useful.",
    "new: `DELETE /pets/{id}`",
    customer="We will add {operation}.",
    todo="You can start using it once it is live.")

OPERATION_REMOVED_WITHOUT_DEPRECATION = Rule("api.operation.removed-without-deprecation", B, "Operation removed without deprecation",
    "{operation} was removed without being deprecated first.",
    "Every request to it now fails, and customers had no warning to migrate.",
    "Stop calling it; ask the provider for the replacement and a grace period.",
    "old: `POST /pets` (not deprecated) / new: gone", document="old",
    customer="We will remove {operation}.",
    todo="Stop calling {operation} before then; contact us if you need its replacement or help.")

OPERATION_REMOVED_BEFORE_SUNSET = Rule("api.operation.removed-before-sunset", B, "Operation removed before its sunset date",
    "{operation} was removed before its announced sunset date {sunset}.",
    "Customers planned their migration around the announced date; removing it earlier "
    "breaks that promise.",
    "Migrate now; the provider broke its announced timeline.",
    "old: `deprecated: true`, `x-sunset: 2099-01-01` / new: gone", document="old",
    customer="We will remove {operation} earlier than the sunset date we announced, {sunset}.",
    todo="Stop calling {operation} before then rather than by {sunset}; contact us if you "
    "need its replacement or help.")

OPERATION_REMOVED = Rule("api.operation.removed", W, "Deprecated operation removed",
    "{operation} was removed after being deprecated.",
    "Requests to it now fail, but customers were warned by the deprecation.",
    "Make sure no client still calls it.",
    "old: `deprecated: true` / new: gone", document="old",
    customer="We will remove {operation}, as announced when we deprecated it.",
    todo="Make sure none of your code still calls {operation}; contact us if you need its replacement "
    "or help.")

OPERATION_DEPRECATED = Rule("api.operation.deprecated", W, "Operation deprecated",
    "{operation} was deprecated.",
    "It still works but will be removed; customers need time to migrate.",
    "Plan a migration away from it before its sunset date.",
    "old: `deprecated: false` / new: `deprecated: true`",
    customer="We will deprecate {operation}: it keeps working for now, but we will remove it later.",
    todo="Plan your move away from {operation}; contact us if you need its replacement or help.")

OPERATION_REACTIVATED = Rule("api.operation.reactivated", I, "Operation no longer deprecated",
    "{operation} is no longer deprecated.",
    "The planned removal was called off.",
    "Nothing to do.",
    "old: `deprecated: true` / new: `deprecated: false`",
    customer="We will keep {operation}: it will no longer be deprecated.",
    todo="You can keep using it; no migration is needed.")

OPERATION_SUNSET_ADDED = Rule("api.operation.sunset-added", W, "Sunset date scheduled",
    "{operation} is scheduled to be removed on {after}.",
    "A removal date is now set; after it requests will fail.",
    "Migrate before the sunset date.",
    "new: `x-sunset: 2027-01-01`",
    customer="We will remove {operation} on {after}.",
    todo="Move off {operation} before {after}; contact us if you need its replacement or help.")

OPERATION_SUNSET_EARLIER = Rule("api.operation.sunset-earlier", B, "Sunset date moved earlier",
    "The sunset date of {operation} moved earlier, from {before} to {after}.",
    "Customers lose migration time they had planned on.",
    "Migrate before the new, earlier date.",
    "old: `x-sunset: 2027-06-01` / new: `x-sunset: 2027-01-01`",
    customer="We will remove {operation} earlier than announced: on {after} instead of {before}.",
    todo="Finish moving off {operation} before {after}; contact us if you need its replacement or help.")

OPERATION_SUNSET_UNREADABLE = Rule("api.operation.sunset-unreadable", W, "Sunset date unreadable",
    "The sunset date {value} of {operation} is not a date.",
    "Customers and their tools cannot tell when the operation goes away, and the removal-before-"
    "sunset check has no date to hold it to.",
    "Write the date as YYYY-MM-DD (or an HTTP-date in a documented `Sunset` header).",
    "new: `x-sunset: next spring`",
    customer="We will retire {operation}; the date we published for it, {value}, is not a valid date, "
    "and we will correct it.",
    todo="Plan to stop calling {operation}; watch our changelog for the corrected date.")

OPERATION_STABILITY_INVALID = Rule("api.operation.stability-invalid", W, "Unknown stability level",
    "The stability level {value} of {operation} is none of draft, alpha, beta and stable; its "
    "changes are judged as a stable operation's.",
    "A misspelt level (`Beta`, `preview`) silently gives an operation a stable one's promises, "
    "or lets customers read it as a preview when it is judged as stable.",
    "Use draft, alpha, beta or stable.",
    "new: `x-stability-level: preview`",
    customer="We will label {operation} with the stability level {value}, which we treat as stable.",
    todo="Treat {operation} as stable unless we tell you otherwise.")

OPERATION_SUNSET_LATER = Rule("api.operation.sunset-later", I, "Sunset date moved later",
    "The sunset date of {operation} moved later, from {before} to {after}.",
    "Customers get more time.",
    "Nothing to do.",
    "old: `x-sunset: 2027-01-01` / new: `x-sunset: 2027-06-01`",
    customer="We will remove {operation} later than announced: on {after} instead of {before}.",
    todo="You have until {after} to move off {operation}.")

OPERATION_ID_CHANGED = Rule("api.operation.id-changed", W, "operationId changed",
    "The operationId of {operation} changed from {before} to {after}.",
    "Generated SDKs name methods after operationIds, so client code stops compiling.",
    "Regenerate the SDK and rename the calls.",
    "old: `operationId: listPets` / new: `operationId: getPets`",
    customer="We will rename the operationId of {operation} from {before} to {after}, so SDKs generated "
    "from our API description will name its method differently.",
    todo="When you regenerate your SDK, rename your calls from {before} to {after}.")

OPERATION_DOCUMENTATION_CHANGED = Rule("api.operation.documentation-changed", I, "Operation documentation changed",
    "The {field} of {operation} changed.",
    "Only the documentation changed; behaviour may have been clarified.",
    "Read the new text.",
    "old: `summary: List all pets` / new: `summary: List pets`",
    customer="We will update the {field} of {operation} in the API reference.",
    todo="Read the new text if you rely on the details; nothing else changes.")

OPERATION_TAGS_CHANGED = Rule("api.operation.tags-changed", I, "Operation tags changed",
    "The tags of {operation} changed from {before} to {after}.",
    "Tags group operations in documentation and SDK modules.",
    "Check generated SDK module names.",
    "old: `tags: [pets]` / new: `tags: [animals]`",
    customer="We will change the tags of {operation} from {before} to {after}; the API reference and "
    "generated SDKs group operations by their tags.",
    todo="If you use a generated SDK, check where {operation} moved after you regenerate it.")

OPERATION_STABILITY_DECREASED = Rule("api.operation.stability-decreased", B, "Operation stability decreased",
    "The stability of {operation} decreased from {before} to {after}.",
    "Customers built on a stable contract that may now change without notice.",
    "Expect more changes; pin versions or avoid relying on it.",
    "old: `x-stability-level: stable` / new: `x-stability-level: beta`",
    customer="We will lower the stability of {operation} from {before} to {after}: it may change with less "
    "notice than before.",
    todo="Avoid building critical work on {operation}, and follow our changelog for changes to it.")

OPERATION_STABILITY_INCREASED = Rule("api.operation.stability-increased", I, "Operation stability increased",
    "The stability of {operation} increased from {before} to {after}.",
    "The contract is firmer now.",
    "Nothing to do.",
    "old: `x-stability-level: beta` / new: `x-stability-level: stable`",
    customer="We will raise the stability of {operation} from {before} to {after}.",
    todo="You can build on {operation} with more confidence.")

PATH_PARAMETER_RENAMED = Rule("api.path.parameter-renamed", I, "Path parameter renamed",
    "The path parameter {before} of {operation} was renamed to {after}.",
    "The URL is the same; only generated SDK argument names change.",
    "Rename keyword arguments in generated-SDK calls.",
    "old: `/pets/{id}` / new: `/pets/{petId}`",
    customer="We will rename the path parameter {before} of {operation} to {after}; the URL stays the "
    "same.",
    todo="If you use a generated SDK, rename that argument to {after} when you regenerate it.")

PATH_TRAILING_SLASH_CHANGED = Rule("api.path.trailing-slash-changed", W, "Path trailing slash changed",
    "The path of {operation} changed from {before} to {after}, which differ only in a trailing slash.",
    "Servers that route `/pets/` and `/pets` apart answer requests to the old path with an error or "
    "a redirect, which clients sending a body may not follow.",
    "Send requests to the new path.",
    "old: `/pets/` / new: `/pets`",
    customer="We will move {operation} from {before} to {after}; the two differ only in the trailing slash.",
    todo="Send your requests to {after}; requests to {before} may be redirected or refused.")

PARAMETER_ADDED_REQUIRED = Rule("api.parameter.added-required", B, "Required parameter added",
    "{operation} now requires the {where} parameter {name}.",
    "Existing requests do not send it and will be rejected.",
    "Send the new parameter in every request.",
    "new: `- {name: fields, in: query, required: true}`",
    customer="{operation} will require a new {where} parameter {name}.",
    todo="Send {name} in every call to {operation}; calls without it will be rejected.")

PARAMETER_ADDED_OPTIONAL = Rule("api.parameter.added-optional", I, "Optional parameter added",
    "{operation} accepts a new optional {where} parameter {name}.",
    "Existing requests keep working.",
    "Nothing to do; use it when useful.",
    "new: `- {name: offset, in: query}`",
    customer="{operation} will accept a new optional {where} parameter {name}.",
    todo="You can start sending {name}; your current calls keep working.")

PARAMETER_REMOVED = Rule("api.parameter.removed", W, "Parameter removed",
    "The {where} parameter {name} of {operation} was removed.",
    "Requests that send it may be rejected, or it is silently ignored.",
    "Stop sending it and check the behaviour it controlled.",
    "old: `- {name: limit, in: query}` / new: gone", document="old",
    customer="We will remove the {where} parameter {name} from {operation}.",
    todo="Stop sending {name} to {operation} before then; it may be rejected or ignored.")

PARAMETER_BECAME_REQUIRED = Rule("api.parameter.became-required", B, "Parameter became required",
    "The {where} parameter {name} of {operation} became required.",
    "Requests that leave it out will be rejected.",
    "Always send it.",
    "old: `required: false` / new: `required: true`",
    customer="{operation} will require the {where} parameter {name}.",
    todo="Send {name} in every call to {operation}.")

PARAMETER_BECAME_OPTIONAL = Rule("api.parameter.became-optional", I, "Parameter became optional",
    "The {where} parameter {name} of {operation} became optional.",
    "Requests that send it keep working.",
    "Nothing to do.",
    "old: `required: true` / new: `required: false`",
    customer="{operation} will no longer require the {where} parameter {name}.",
    todo="Your current calls keep working; you can leave {name} out.")

PARAMETER_REMOVED_BEFORE_SUNSET = Rule("api.parameter.removed-before-sunset", B,
    "Parameter removed before its sunset date",
    "The {where} parameter {name} of {operation} was removed before its announced sunset date {date}.",
    "Customers were promised the parameter until its sunset date and planned by it.",
    "Keep the parameter until its sunset date, or announce an earlier date with due notice.",
    "old: `- {name: id, in: query, deprecated: true, x-sunset: 2027-06-30}` / new: gone", document="old",
    customer="We will remove the {where} parameter {name} from {operation} before the sunset date we "
    "announced for it, {date}.",
    todo="Stop sending {name} to {operation} before then; it may be rejected or ignored.")

PARAMETER_SUNSET_UNREADABLE = Rule("api.parameter.sunset-unreadable", W, "Parameter sunset date unreadable",
    "The sunset date {value} of the {where} parameter {name} of {operation} is not a date.",
    "Customers and their tools cannot tell when the parameter goes away.",
    "Write the date as YYYY-MM-DD.",
    "new: `x-sunset: next spring`",
    customer="We will retire the {where} parameter {name} of {operation}; the date we published for "
    "it, {value}, is not a valid date, and we will correct it.",
    todo="Plan to stop sending {name}; watch our changelog for the corrected date.")

PARAMETER_SUNSET_EARLIER = Rule("api.parameter.sunset-earlier", B, "Parameter sunset date moved earlier",
    "The sunset date of the {where} parameter {name} of {operation} moved earlier, from {before} to {after}.",
    "Customers lose migration time they had planned on.",
    "Stop sending the parameter before the new, earlier date.",
    "old: `x-sunset: 2027-06-01` / new: `x-sunset: 2027-01-01`",
    customer="We will remove the {where} parameter {name} from {operation} earlier than announced: on "
    "{after} instead of {before}.",
    todo="Stop sending {name} to {operation} before {after}.")

PARAMETER_SUNSET_LATER = Rule("api.parameter.sunset-later", I, "Parameter sunset date moved later",
    "The sunset date of the {where} parameter {name} of {operation} moved later, from {before} to {after}.",
    "Customers get more time (a sunset date removed from a deprecated parameter gives them all "
    "the time there is).",
    "Nothing to do.",
    "old: `x-sunset: 2027-01-01` / new: `x-sunset: 2027-06-01`",
    customer="We will remove the {where} parameter {name} from {operation} later than announced: on "
    "{after} instead of {before}.",
    todo="You have until {after} to stop sending {name} to {operation}.")

PARAMETER_DEPRECATED = Rule("api.parameter.deprecated", W, "Parameter deprecated",
    "The {where} parameter {name} of {operation} was deprecated.",
    "It will go away; requests relying on it will change behaviour.",
    "Stop sending it before it is removed.",
    "new: `deprecated: true`",
    customer="We will deprecate the {where} parameter {name} of {operation}; it will be removed later.",
    todo="Stop sending {name} to {operation} before it is removed.")

PARAMETER_REACTIVATED = Rule("api.parameter.reactivated", I, "Parameter no longer deprecated",
    "The {where} parameter {name} of {operation} is no longer deprecated.",
    "The planned removal was called off.",
    "Nothing to do.",
    "old: `deprecated: true` / new: `deprecated: false`",
    customer="We will keep the {where} parameter {name} of {operation}: it will no longer be deprecated.",
    todo="You can keep sending {name}.")

PARAMETER_SERIALIZATION_CHANGED = Rule("api.parameter.serialization-changed", B, "Parameter serialization changed",
    "The {field} of the {where} parameter {name} of {operation} changed from {before} "
    "to {after}.",
    "The same value is now encoded differently on the wire; existing clients send the "
    "old encoding.",
    "Update how the client serializes it.",
    "old: `style: form, explode: true` / new: `explode: false`",
    customer="{operation} will expect the {where} parameter {name} in another encoding ({field}: {after} "
    "instead of {before}).",
    todo="Update how your client encodes {name} ({field}: {after}) before then; values in the old encoding "
    "may be misread.")

PARAMETER_DOCUMENTATION_CHANGED = Rule("api.parameter.documentation-changed", I, "Parameter documentation changed",
    "The description of the {where} parameter {name} of {operation} changed.",
    "Only the documentation changed.",
    "Read the new text.",
    "old: `description: How many` / new: `description: Page size`",
    customer="We will update the description of the {where} parameter {name} of {operation} in the API "
    "reference.",
    todo="Read the new text if you rely on the details; nothing else changes.")

REQUEST_BODY_ADDED_REQUIRED = Rule("api.request-body.added-required", B, "Required request body added",
    "{operation} now requires a request body.",
    "Existing requests do not send one and will be rejected.",
    "Send the body.",
    "new: `requestBody: {required: true}`",
    customer="{operation} will require a request body.",
    todo="Send a request body in every call to {operation}, as the API reference describes.")

REQUEST_BODY_ADDED_OPTIONAL = Rule("api.request-body.added-optional", I, "Optional request body added",
    "{operation} accepts a new optional request body.",
    "Existing requests keep working.",
    "Nothing to do.",
    "new: `requestBody: {required: false}`",
    customer="{operation} will accept an optional request body.",
    todo="You can start sending one; your current calls keep working.")

REQUEST_BODY_REMOVED = Rule("api.request-body.removed", W, "Request body removed",
    "The request body of {operation} was removed.",
    "What clients send is now ignored or rejected.",
    "Stop sending it and check what it used to control.",
    "old: `requestBody: ...` / new: gone", document="old",
    customer="{operation} will no longer take a request body.",
    todo="Stop sending a body to {operation} before then; it will be ignored or rejected.")

REQUEST_BODY_BECAME_REQUIRED = Rule("api.request-body.became-required", B, "Request body became required",
    "The request body of {operation} became required.",
    "Requests without a body will be rejected.",
    "Always send the body.",
    "old: `required: false` / new: `required: true`",
    customer="{operation} will require a request body in every call.",
    todo="Send a request body in every call to {operation}; calls without one will be rejected.")

REQUEST_BODY_BECAME_OPTIONAL = Rule("api.request-body.became-optional", I, "Request body became optional",
    "The request body of {operation} became optional.",
    "Requests with a body keep working.",
    "Nothing to do.",
    "old: `required: true` / new: `required: false`",
    customer="{operation} will no longer require a request body.",
    todo="Your current calls keep working; you can leave the body out.")

REQUEST_BODY_MEDIA_TYPE_REMOVED = Rule("api.request-body.media-type-removed", B, "Request media type removed",
    "{operation} no longer accepts request bodies of type {media}.",
    "Clients sending that content type will be rejected.",
    "Send one of the remaining media types.",
    "old: `application/xml` / new: gone", document="old",
    customer="{operation} will stop accepting request bodies of type {media}.",
    todo="Before then, send bodies to {operation} in another type the API reference lists.")

REQUEST_BODY_MEDIA_TYPE_ADDED = Rule("api.request-body.media-type-added", I, "Request media type added",
    "{operation} now also accepts request bodies of type {media}.",
    "An extra option; nothing existing changes.",
    "Nothing to do.",
    "new: `application/x-www-form-urlencoded`",
    customer="{operation} will also accept request bodies of type {media}.",
    todo="You can start sending {media}; your current calls keep working.")

RESPONSE_SUCCESS_STATUS_REMOVED = Rule("api.response.success-status-removed", B, "Success response removed",
    "{operation} no longer returns status {status}.",
    "Clients that handle that success response get something else instead.",
    "Handle the remaining success statuses.",
    "old: `200` / new: gone", document="old",
    customer="{operation} will no longer return status {status}.",
    todo="Make your code handle the other success statuses of {operation}; the API reference lists them.")

RESPONSE_ERROR_STATUS_REMOVED = Rule("api.response.error-status-removed", W, "Error response removed",
    "{operation} no longer documents status {status}.",
    "Error handling written for it may no longer trigger.",
    "Review error handling.",
    "old: `404` / new: gone", document="old",
    customer="We will no longer document the {status} error response of {operation}.",
    todo="Check how your code handles errors from {operation}; its handling of the {status} response may "
    "no longer be triggered.")

RESPONSE_SUCCESS_STATUS_ADDED = Rule("api.response.success-status-added", W, "Success response added",
    "{operation} may now return status {status}.",
    "Clients that only expect the existing success status may mishandle the new one.",
    "Handle the new status.",
    "new: `202`",
    customer="{operation} may also return the success status {status}.",
    todo="Make sure your code treats status {status} from {operation} as a success.")

RESPONSE_ERROR_STATUS_ADDED = Rule("api.response.error-status-added", I, "Error response added",
    "{operation} now documents status {status}.",
    "Usually documents an error that could already happen.",
    "Consider handling it.",
    "new: `429`",
    customer="We will document a {status} error response for {operation}.",
    todo="Consider handling the {status} response in your calls to {operation}.")

RESPONSE_MEDIA_TYPE_REMOVED = Rule("api.response.media-type-removed", B, "Response media type removed",
    "The {status} response of {operation} no longer offers {media}.",
    "Clients asking for that type will get another one or an error.",
    "Request and parse one of the remaining media types.",
    "old: `application/xml` / new: gone", document="old",
    customer="{operation} will stop offering {media} in its {status} response.",
    todo="Before then, request and parse another type the API reference lists for {operation}.")

RESPONSE_MEDIA_TYPE_ADDED = Rule("api.response.media-type-added", I, "Response media type added",
    "The {status} response of {operation} now also offers {media}.",
    "An extra option; nothing existing changes.",
    "Nothing to do.",
    "new: `text/csv`",
    customer="{operation} will also offer {media} in its {status} response.",
    todo="You can ask for {media}; your current calls keep working.")

RESPONSE_REQUIRED_HEADER_REMOVED = Rule("api.response.required-header-removed", B, "Required response header removed",
    "The {status} response of {operation} no longer sends the header {name}.",
    "Clients that read it (rate limits, pagination links, ids) lose that information.",
    "Stop relying on the header.",
    "old: `X-Rate-Limit: {required: true}` / new: gone", document="old",
    customer="{operation} will stop sending the header {name} in its {status} response.",
    todo="Update your code so it no longer reads {name} from {operation}; contact us if you need that "
    "information another way.")

RESPONSE_OPTIONAL_HEADER_REMOVED = Rule("api.response.optional-header-removed", W, "Optional response header removed",
    "The {status} response of {operation} no longer documents the header {name}.",
    "Clients that read it when present will never see it again.",
    "Stop relying on the header.",
    "old: `X-Next: {}` / new: gone", document="old",
    customer="{operation} will stop sending the header {name} in its {status} response.",
    todo="Update your code so it no longer looks for {name} from {operation}.")

RESPONSE_HEADER_BECAME_OPTIONAL = Rule("api.response.header-became-optional", B, "Response header became optional",
    "The header {name} of the {status} response of {operation} is no longer always sent.",
    "Clients that read it unconditionally will fail when it is missing.",
    "Handle its absence.",
    "old: `required: true` / new: `required: false`",
    customer="{operation} will not always send the header {name} in its {status} response.",
    todo="Make your code work when {name} is missing.")

RESPONSE_HEADER_BECAME_REQUIRED = Rule("api.response.header-became-required", I, "Response header always sent",
    "The header {name} of the {status} response of {operation} is now always sent.",
    "Clients that handle its absence keep working.",
    "Nothing to do.",
    "old: `required: false` / new: `required: true`",
    customer="{operation} will always send the header {name} in its {status} response.",
    todo="You can rely on {name} being there.")

RESPONSE_HEADER_ADDED = Rule("api.response.header-added", I, "Response header added",
    "The {status} response of {operation} now sends the header {name}.",
    "Extra information; nothing existing changes.",
    "Nothing to do.",
    "new: `X-Request-Id`",
    customer="{operation} will send a new header {name} in its {status} response.",
    todo="You can start reading {name}; nothing else changes.")

SECURITY_AUTH_ADDED = Rule("api.security.auth-added", B, "Authentication now required",
    "{operation} now requires authentication ({after}).",
    "Anonymous requests that worked will be rejected.",
    "Obtain credentials and authenticate the requests.",
    "old: `security: []` / new: `security: [{api_key: []}]`",
    customer="{operation} will require authentication with {after}.",
    todo="Set up credentials and send them with every call to {operation}; contact us if you need an "
    "account.")

SECURITY_AUTH_REMOVED = Rule("api.security.auth-removed", I, "Authentication no longer required",
    "{operation} no longer requires authentication.",
    "Requests with credentials keep working.",
    "Nothing to do.",
    "old: `security: [{api_key: []}]` / new: `security: []`",
    customer="{operation} will no longer require authentication.",
    todo="Your current calls keep working; you can also call it without credentials.")

SECURITY_ALTERNATIVE_REMOVED = Rule("api.security.alternative-removed", B, "Security alternative removed",
    "{operation} no longer accepts authentication with {before}.",
    "Clients that authenticate that way will be rejected.",
    "Switch to one of the remaining ways to authenticate.",
    "old: `[{api_key: []}, {oauth: []}]` / new: `[{oauth: []}]`",
    customer="{operation} will stop accepting authentication with {before}.",
    todo="Before then, switch calls to {operation} to another way to authenticate the API reference lists; "
    "contact us if you need new credentials.")

SECURITY_ALTERNATIVE_ADDED = Rule("api.security.alternative-added", I, "Security alternative added",
    "{operation} now also accepts authentication with {after}.",
    "An extra way to authenticate; nothing existing changes.",
    "Nothing to do.",
    "new: `[{oauth: []}, {api_key: []}]`",
    customer="{operation} will also accept authentication with {after}.",
    todo="You can start using it; your current credentials keep working.")

SECURITY_SCOPE_ADDED = Rule("api.security.scope-added", B, "Security scope added",
    "{operation} now requires the scope {name} of {scheme}.",
    "Tokens issued without that scope will be rejected.",
    "Request the new scope when obtaining tokens.",
    "old: `oauth: [read]` / new: `oauth: [read, write]`",
    customer="{operation} will require {scheme} tokens with the {name} scope.",
    todo="Request the {name} scope when you obtain tokens for {operation}; tokens without it will be "
    "refused.")

SECURITY_SCOPE_REMOVED = Rule("api.security.scope-removed", I, "Security scope no longer required",
    "{operation} no longer requires the scope {name} of {scheme}.",
    "Existing tokens keep working.",
    "Nothing to do.",
    "old: `oauth: [read, write]` / new: `oauth: [read]`",
    customer="{operation} will no longer require the {name} scope of {scheme}.",
    todo="Your current tokens keep working; you can call it without the {name} scope.")

SECURITY_SCHEME_REMOVED = Rule("api.security.scheme-removed", B, "Security scheme removed",
    "The security scheme {name} was removed.",
    "Credentials of that kind no longer work.",
    "Obtain credentials for one of the remaining schemes.",
    "old: `securitySchemes: {api_key: ...}` / new: gone", document="old",
    customer="We will stop accepting {name} credentials.",
    todo="Before then, switch to another way to authenticate the API reference lists; contact us if you "
    "need new credentials.")

SECURITY_SCHEME_ADDED = Rule("api.security.scheme-added", I, "Security scheme added",
    "The security scheme {name} was added.",
    "A new way to authenticate.",
    "Nothing to do.",
    "new: `securitySchemes: {oauth: ...}`",
    customer="We will add a new way to authenticate: {name}.",
    todo="You can start using it; your current credentials keep working.")

SECURITY_SCHEME_CHANGED = Rule("api.security.scheme-changed", B, "Security scheme changed",
    "The {field} of the security scheme {name} changed from {before} to {after}.",
    "Credentials are now sent or checked differently; existing clients fail to "
    "authenticate.",
    "Update how the client authenticates.",
    "old: `in: header` / new: `in: query`",
    customer="We will change how {name} credentials are sent or checked: {field} will be {after} instead "
    "of {before}.",
    todo="Update how your client sends {name} credentials ({field}: {after}) before then.")

SECURITY_OAUTH_URL_CHANGED = Rule("api.security.oauth-url-changed", W, "OAuth URL changed",
    "The {field} of the {flow} flow of security scheme {name} changed from {before} to "
    "{after}.",
    "Clients that hard-code the URL will fail to get or refresh tokens.",
    "Update the configured OAuth URL.",
    "old: `tokenUrl: https://a/token` / new: `tokenUrl: https://b/token`",
    customer="For {name} tokens through the {flow} flow, the {field} will change from {before} to {after}.",
    todo="Set the {field} of your OAuth client to {after} before then.")

SECURITY_OAUTH_FLOW_REMOVED = Rule("api.security.oauth-flow-removed", B, "OAuth flow removed",
    "The {flow} flow of security scheme {name} was removed.",
    "Clients that obtain tokens that way can no longer authenticate.",
    "Switch to a remaining flow.",
    "old: `flows: {implicit: ...}` / new: gone", document="old",
    customer="We will stop issuing {name} tokens through the {flow} flow.",
    todo="Before then, switch your OAuth client to another flow the API reference lists for {name}.")

SECURITY_OAUTH_SCOPE_REMOVED = Rule("api.security.oauth-scope-removed", W, "OAuth scope removed",
    "The scope {scope} of security scheme {name} was removed.",
    "Tokens requested with that scope may be refused.",
    "Stop requesting the scope.",
    "old: `scopes: {admin: ...}` / new: gone",
    customer="We will retire the {scope} scope of {name}.",
    todo="Stop requesting {scope} when you obtain tokens; requests that ask for it may be refused.")

SERVER_REMOVED = Rule("api.server.removed", B, "Server removed",
    "The server {before} was removed{scope}.",
    "Clients configured with that base URL will fail to connect or hit the wrong place.",
    "Reconfigure the client's base URL.",
    "old: `servers: [{url: https://api.example.com/v1}]` / new: another URL", document="old",
    customer="We will stop answering requests at {before}{scope}.",
    todo="Before then, point your client at another server address the API reference lists.")

SERVER_ADDED = Rule("api.server.added", I, "Server added",
    "The server {after} was added{scope}.",
    "A new place to send requests; nothing existing changes.",
    "Nothing to do.",
    "new: `servers: [{url: https://eu.api.example.com}]`",
    customer="We will start answering requests at {after}{scope}.",
    todo="You can send requests there; your current setup keeps working.")

SERVER_TRAILING_SLASH_CHANGED = Rule("api.server.trailing-slash-changed", W, "Server URL trailing slash changed",
    "The server {before} is now written {after}{scope}.",
    "Paths are appended to the server URL: clients that join the two as text now build other URLs "
    "(`/v1//pets` or `/v1pets`).",
    "Check how the client joins the base URL and paths.",
    "old: `url: https://api.example.com/v1/` / new: `url: https://api.example.com/v1`",
    customer="We will write the server address {before} as {after}{scope}.",
    todo="If your client joins this address and a path as text, check that it still builds the URLs you mean.")

SERVER_VARIABLE_CHANGED = Rule("api.server.variable-changed", W, "Server variable changed",
    "The {field} of server variable {name} of {url} changed from {before} to {after}.",
    "Clients built from the default or the allowed values may reach another place.",
    "Check the client's server configuration.",
    "old: `default: v1` / new: `default: v2`",
    customer="The {field} of the {name} part of the server address {url} will change from {before} to "
    "{after}.",
    todo="If your client fills in {name} from our defaults or allowed values, check that it still reaches "
    "the server you mean.")

WEBHOOK_REMOVED = Rule("api.webhook.removed", B, "Webhook removed",
    "The webhook {name} ({method}) was removed.",
    "Customers that process those callbacks stop receiving them.",
    "Find another way to learn of the event.",
    "old: `webhooks: {newPet: ...}` / new: gone", document="old",
    customer="We will stop sending the {name} webhook ({method}).",
    todo="Stop depending on {name} callbacks before then; contact us if you need another way to learn of "
    "these events.")

WEBHOOK_ADDED = Rule("api.webhook.added", I, "Webhook added",
    "The webhook {name} ({method}) was added.",
    "A new notification; nothing existing changes.",
    "Nothing to do; subscribe when useful.",
    "new: `webhooks: {newPet: ...}`",
    customer="We will start sending a new webhook, {name} ({method}).",
    todo="You can subscribe to it once it is live.")

DOCUMENT_VERSION_CHANGED = Rule("api.document.version-changed", I, "API version changed",
    "The API version changed from {before} to {after}.",
    "A version bump tells customers to read what changed.",
    "Read this report.",
    "old: `info.version: 1.0.0` / new: `info.version: 2.0.0`",
    customer="The API version will change from {before} to {after}.",
    todo="Read the changes listed in this notice; regenerate your SDK if you use one.")

DOCUMENT_VERSION_DECREASED = Rule("api.document.version-decreased", W, "API version went down",
    "The API version went down from {before} to {after}; OLD and NEW may be swapped.",
    "A version that goes down usually means the documents were compared in the wrong order, and "
    "then every change in the report reads backwards.",
    "Check the order of OLD and NEW; if the version really goes back, say why in the changelog.",
    "old: `info.version: 2.1.0` / new: `info.version: 2.0.0`",
    customer="The API version will go back from {before} to {after}.",
    todo="If you pin a version of our API description or SDK, check which one you need.")

DOCUMENT_MAJOR_VERSION_NOT_BUMPED = Rule("api.document.major-version-not-bumped", W,
    "Breaking changes without a new major version",
    "The API has breaking changes, but its version goes from {before} to {after} within the same "
    "major version.",
    "Semantic versioning promises that a release within a major version breaks no client: "
    "customers who take minor updates without reading them will break.",
    "Raise the major version, or avoid the breaking changes.",
    "old: `info.version: 1.4.0` / new: `info.version: 1.5.0`, with an operation removed",
    customer="Version {after} of the API will include changes that need action from you, although "
    "it keeps the major version of {before}.",
    todo="Read the changes listed in this notice before you move to {after}, even though it looks like "
    "a minor update.")

DOCUMENT_OPENAPI_VERSION_CHANGED = Rule("api.document.openapi-version-changed", I, "OpenAPI version changed",
    "The document moved from OpenAPI {before} to {after}.",
    "Tools that read the description (SDK generators, validators) must support it.",
    "Check that the client tooling supports the new OpenAPI version.",
    "old: `openapi: 3.0.3` / new: `openapi: 3.1.0`",
    customer="We will publish our API description in OpenAPI {after} instead of {before}.",
    todo="If you generate SDKs from our API description or validate against it, check that your tools "
    "support OpenAPI {after}.")

_DIRECTION_WORDS = {
    "request": ("request", "what clients send (request bodies and parameters)"),
    "response": ("response", "what clients receive (response bodies and headers)"),
}


def schema_rule_id(direction: str, kind: str) -> str:
    """`api.schema.request.<kind>` or `api.schema.response.<kind>`."""
    return f"api.schema.{direction}.{kind}"


_SCHEMA_HINTS = {
    B: "Update the client to the new schema before the change ships.",
    W: "Check that the client handles the new schema.",
    I: "Nothing to do.",
}


@dataclass(frozen=True)
class SchemaKind:
    """One kind of schema change, and its two rules (`api.schema.request.<kind>`, and
    `api.schema.response.<kind>`)."""

    kind: str
    title: str
    message: str
    request: Level
    response: Level
    why_request: str
    why_response: str
    example: str
    document: Literal["old", "new"] = "new"
    absent: str | None = None
    """The fixed phrase (a `words.WORDS` key) said for a side that has no value, when the
    sentence names both (`from nothing to base64`); the JSON `before`/`after` stay null."""
    customer: str = ""
    """The customer's sentence (`Rule.customer`), the same in both directions."""
    todo_request: str = ""
    """What a customer can do when the schema is what they send (`Rule.todo`)."""
    todo_response: str = ""
    """What a customer can do when the schema is what they receive."""
    request_rule: Rule = field(init=False, repr=False, compare=False)
    response_rule: Rule = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for direction in ("request", "response"):
            level = self.request if direction == "request" else self.response
            why = self.why_request if direction == "request" else self.why_response
            rule = Rule(schema_rule_id(direction, self.kind), level,
                        f"{self.title} in {_DIRECTION_WORDS[direction][0]}", self.message,
                        f"In {_DIRECTION_WORDS[direction][1]}: {why}", _SCHEMA_HINTS[level],
                        self.example, document=self.document, direction=direction,
                        customer=self.customer,
                        todo=self.todo_request if direction == "request" else self.todo_response)
            object.__setattr__(self, f"{direction}_rule", rule)

    def rule(self, direction: str) -> Rule:
        """The rule of this kind of change in what clients send (`request`) or receive."""
        return self.request_rule if direction == "request" else self.response_rule


TYPE_CHANGED = SchemaKind("type-changed", "Type changed", "{target}: the type changed from {before} to {after}.",
                          B, B, "Values clients send in the old type will be rejected.",
                          "Clients parsing the old type will fail on the new one.",
                          "old: `type: string` / new: `type: integer`",
                          customer="{target}: the type will change from {before} to {after}.",
                          todo_request="Make sure your requests send it as {after} instead of {before}.",
                          todo_response="Make sure your code reads it as {after} instead of {before}.")

TYPE_WIDENED = SchemaKind("type-widened", "Type widened", "{target}: the type widened from {before} to {after}.",
                          I, B, "More values are accepted; existing requests keep working.",
                          "Clients may receive values of a type they do not parse.",
                          "old: `type: integer` / new: `type: [integer, string]`",
                          customer="{target}: the type will widen from {before} to {after}, so it can hold more kinds of values.",
                          todo_request="Nothing to change; what you send today keeps working, and you can also send values of type {after}.",
                          todo_response="Make sure your code accepts values of type {after} here, not only {before}.")

TYPE_NARROWED = SchemaKind("type-narrowed", "Type narrowed", "{target}: the type narrowed from {before} to {after}.",
                           B, I, "Values clients send of the dropped type will be rejected.",
                           "Clients receive a subset of what they already handle.",
                           "old: `type: number` / new: `type: integer`",
                           customer="{target}: the type will narrow from {before} to {after}, so it can hold fewer kinds of values.",
                           todo_request="Make sure your requests send only values of type {after} here.",
                           todo_response="Nothing to change; you will receive only values of type {after} here, which your code already handles.")

NULLABLE_ADDED = SchemaKind("nullable-added", "Became nullable", "{target}: null is now allowed.",
                            I, B, "More values are accepted.",
                            "Clients that do not expect null will crash on it.",
                            "old: `type: string` / new: `type: [string, 'null']`",
                            customer="{target}: null will become a possible value.",
                            todo_request="Nothing to change; once the change is live, you can also send null here.",
                            todo_response="Make sure your code handles null here.")

NULLABLE_REMOVED = SchemaKind("nullable-removed", "No longer nullable", "{target}: null is no longer allowed.",
                              B, I, "Requests that send null will be rejected.",
                              "Clients stop receiving null; their null handling is unused.",
                              "old: `nullable: true` / new: `nullable: false`",
                              customer="{target}: null will no longer be a possible value.",
                              todo_request="Make sure your requests never send null here; send a value, or leave it out where it is optional.",
                              todo_response="Nothing to change; you will simply no longer receive null here.")

FORMAT_CHANGED = SchemaKind("format-changed", "Format changed",
                            "{target}: the format changed from {before} to {after}.",
                            B, B, "Values in the old format will be rejected.",
                            "Clients parsing the old format will misread the new one.",
                            "old: `format: date` / new: `format: date-time`",
                            customer="{target}: the format will change from {before} to {after}.",
                            todo_request="Make sure your requests send values in the {after} format here instead of {before}.",
                            todo_response="Make sure your code reads values here in the {after} format instead of {before}.")

FORMAT_ADDED = SchemaKind("format-added", "Format added", "{target}: the format {after} is now enforced.",
                          W, I, "Values that do not match the new format may be rejected.",
                          "Values are better described; they already had that shape.",
                          "new: `format: uuid`",
                          customer="{target}: values will have to be in the {after} format.",
                          todo_request="Make sure every value your requests send here is a valid {after}.",
                          todo_response="Nothing to change; you can rely on every value here being a valid {after}.")

FORMAT_REMOVED = SchemaKind("format-removed", "Format removed", "{target}: the format {before} is no longer promised.",
                            I, W, "More values are accepted.",
                            "Clients relying on the format (parsing dates, uuids) may get other strings.",
                            "old: `format: uuid` / new: no format",
                            customer="{target}: values will no longer be guaranteed to be in the {before} format.",
                            todo_request="Nothing to change; values in the {before} format keep working.",
                            todo_response="Make sure your code accepts values here that are not a valid {before}.")

ENUM_VALUE_REMOVED = SchemaKind("enum-value-removed", "Enum value removed",
                                "{target}: the value {value} is no longer allowed.",
                                B, I, "Requests that send it will be rejected.",
                                "Clients stop receiving it; their handling for it is unused.",
                                "old: `enum: [a, b]` / new: `enum: [a]`",
                                customer="{target}: the value {value} will be removed from the allowed values.",
                                todo_request="Make sure your requests stop sending {value} here; use one of the other allowed values.",
                                todo_response="Nothing to change; you will no longer receive {value} here.")

ENUM_VALUE_ADDED = SchemaKind("enum-value-added", "Enum value added", "{target}: the value {value} was added.",
                              I, W, "More values are accepted.",
                              "Clients with exhaustive handling (switch statements, generated enums) may fail "
                              "on the new value.",
                              "old: `enum: [a]` / new: `enum: [a, b]`",
                              customer="{target}: the value {value} will be added to the allowed values.",
                              todo_request="Nothing to change; once the change is live, you can also send {value} here.",
                              todo_response="Make sure your code handles {value} here, and does not fail on a value it does not know.")

ENUM_ADDED = SchemaKind("enum-added", "Became an enum", "{target}: values are now limited to {after}.",
                        B, I, "Requests with other values will be rejected.",
                        "Clients receive a subset of what they already handle.",
                        "old: `type: string` / new: `enum: [a, b]`",
                        customer="{target}: values will be limited to {after}.",
                        todo_request="Make sure your requests send only one of {after} here.",
                        todo_response="Nothing to change; you will receive only one of {after} here.")

ENUM_REMOVED = SchemaKind("enum-removed", "No longer an enum", "{target}: values are no longer limited to {before}.",
                          I, W, "More values are accepted.",
                          "Clients may receive values outside the old list.",
                          "old: `enum: [a, b]` / new: `type: string`",
                          customer="{target}: values will no longer be limited to {before}.",
                          todo_request="Nothing to change; what you send today keeps working, and other values will be accepted too.",
                          todo_response="Make sure your code accepts values here other than {before}.")

CONST_CHANGED = SchemaKind("const-changed", "Constant changed", "{target}: the constant changed from {before} to {after}.",
                           B, B, "Requests with the old constant will be rejected.",
                           "Clients comparing against the old constant will misbehave.",
                           "old: `const: v1` / new: `const: v2`",
                           customer="{target}: the fixed value will change from {before} to {after}.",
                           todo_request="Make sure your requests send {after} here instead of {before}.",
                           todo_response="Make sure your code expects {after} here instead of {before}.")

MAXIMUM_DECREASED = SchemaKind("maximum-decreased", "Maximum lowered", "{target}: the maximum was lowered from {before} to {after}.",
                               B, I, "Requests with larger values will be rejected.",
                               "Clients receive a subset of what they already handle.",
                               "old: `maximum: 100` / new: `maximum: 50`",
                               customer="{target}: the maximum will be lowered from {before} to {after}.",
                               todo_request="Make sure the values your requests send here respect the new maximum of {after}.",
                               todo_response="Nothing to change; the values you receive here will respect the new maximum of {after}.")

MAXIMUM_INCREASED = SchemaKind("maximum-increased", "Maximum raised", "{target}: the maximum was raised from {before} to {after}.",
                               I, W, "More values are accepted.",
                               "Clients sized for the old maximum may overflow.",
                               "old: `maximum: 50` / new: `maximum: 100`",
                               customer="{target}: the maximum will be raised from {before} to {after}.",
                               todo_request="Nothing to change; once the change is live, you can also send larger values here.",
                               todo_response="Make sure your code and your storage handle values here above the old maximum of {before}.")

MINIMUM_INCREASED = SchemaKind("minimum-increased", "Minimum raised", "{target}: the minimum was raised from {before} to {after}.",
                               B, I, "Requests with smaller values will be rejected.",
                               "Clients receive a subset of what they already handle.",
                               "old: `minimum: 0` / new: `minimum: 1`",
                               customer="{target}: the minimum will be raised from {before} to {after}.",
                               todo_request="Make sure the values your requests send here respect the new minimum of {after}.",
                               todo_response="Nothing to change; the values you receive here will respect the new minimum of {after}.")

MINIMUM_DECREASED = SchemaKind("minimum-decreased", "Minimum lowered", "{target}: the minimum was lowered from {before} to {after}.",
                               I, W, "More values are accepted.",
                               "Clients may receive values below what they handle (negative numbers, zero).",
                               "old: `minimum: 1` / new: `minimum: 0`",
                               customer="{target}: the minimum will be lowered from {before} to {after}.",
                               todo_request="Nothing to change; once the change is live, you can also send smaller values here.",
                               todo_response="Make sure your code handles values here below the old minimum of {before}.")

MAX_LENGTH_DECREASED = SchemaKind("max-length-decreased", "maxLength lowered",
                                  "{target}: the maximum length was lowered from {before} to {after}.",
                                  B, I, "Requests with longer strings will be rejected.",
                                  "Clients receive shorter strings than before, which they handle.",
                                  "old: `maxLength: 100` / new: `maxLength: 50`",
                                  customer="{target}: the maximum length will be lowered from {before} to {after}.",
                                  todo_request="Make sure the text your requests send here is within the new maximum length of {after}.",
                                  todo_response="Nothing to change; the text you receive here will be within the new maximum length of {after}.")

MAX_LENGTH_INCREASED = SchemaKind("max-length-increased", "maxLength raised",
                                  "{target}: the maximum length was raised from {before} to {after}.",
                                  I, W, "Longer strings are accepted.",
                                  "Clients that store values in fixed-size fields may truncate or fail.",
                                  "old: `maxLength: 50` / new: `maxLength: 100`",
                                  customer="{target}: the maximum length will be raised from {before} to {after}.",
                                  todo_request="Nothing to change; once the change is live, you can also send longer text here.",
                                  todo_response="Make sure your code and your storage accept text here longer than the old maximum length of {before}.")

MIN_LENGTH_INCREASED = SchemaKind("min-length-increased", "minLength raised",
                                  "{target}: the minimum length was raised from {before} to {after}.",
                                  B, I, "Requests with shorter strings will be rejected.",
                                  "Clients receive longer strings, which they handle.",
                                  "old: `minLength: 1` / new: `minLength: 3`",
                                  customer="{target}: the minimum length will be raised from {before} to {after}.",
                                  todo_request="Make sure the text your requests send here meets the new minimum length of {after}.",
                                  todo_response="Nothing to change; the text you receive here will meet the new minimum length of {after}.")

MIN_LENGTH_DECREASED = SchemaKind("min-length-decreased", "minLength lowered",
                                  "{target}: the minimum length was lowered from {before} to {after}.",
                                  I, W, "Shorter strings are accepted.",
                                  "Clients may receive shorter (even empty) strings.",
                                  "old: `minLength: 3` / new: `minLength: 0`",
                                  customer="{target}: the minimum length will be lowered from {before} to {after}.",
                                  todo_request="Nothing to change; once the change is live, you can also send shorter text here.",
                                  todo_response="Make sure your code handles text here shorter than the old minimum length of {before}.")

MAX_ITEMS_DECREASED = SchemaKind("max-items-decreased", "maxItems lowered",
                                 "{target}: the maximum number of items was lowered from {before} to {after}.",
                                 B, I, "Requests with more items will be rejected.",
                                 "Clients receive fewer items, which they handle.",
                                 "old: `maxItems: 100` / new: `maxItems: 10`",
                                 customer="{target}: the maximum number of items will be lowered from {before} to {after}.",
                                 todo_request="Make sure your requests send no more items here than the new maximum of {after}.",
                                 todo_response="Nothing to change; you will receive no more items here than the new maximum of {after}.")

MAX_ITEMS_INCREASED = SchemaKind("max-items-increased", "maxItems raised",
                                 "{target}: the maximum number of items was raised from {before} to {after}.",
                                 I, W, "More items are accepted.",
                                 "Clients sized for the old maximum may overflow.",
                                 "old: `maxItems: 10` / new: `maxItems: 100`",
                                 customer="{target}: the maximum number of items will be raised from {before} to {after}.",
                                 todo_request="Nothing to change; once the change is live, you can also send more items here.",
                                 todo_response="Make sure your code and your storage handle more items here than the old maximum of {before}.")

MIN_ITEMS_INCREASED = SchemaKind("min-items-increased", "minItems raised",
                                 "{target}: the minimum number of items was raised from {before} to {after}.",
                                 B, I, "Requests with fewer items will be rejected.",
                                 "Clients receive more items, which they handle.",
                                 "old: `minItems: 0` / new: `minItems: 1`",
                                 customer="{target}: the minimum number of items will be raised from {before} to {after}.",
                                 todo_request="Make sure your requests send no fewer items here than the new minimum of {after}.",
                                 todo_response="Nothing to change; you will receive no fewer items here than the new minimum of {after}.")

MIN_ITEMS_DECREASED = SchemaKind("min-items-decreased", "minItems lowered",
                                 "{target}: the minimum number of items was lowered from {before} to {after}.",
                                 I, W, "Fewer items are accepted.",
                                 "Clients may receive fewer (even no) items.",
                                 "old: `minItems: 1` / new: `minItems: 0`",
                                 customer="{target}: the minimum number of items will be lowered from {before} to {after}.",
                                 todo_request="Nothing to change; once the change is live, you can also send fewer items here.",
                                 todo_response="Make sure your code handles fewer items here than the old minimum of {before}.")

MAX_PROPERTIES_DECREASED = SchemaKind("max-properties-decreased", "maxProperties lowered",
                                      "{target}: the maximum number of properties was lowered from {before} to {after}.",
                                      B, I, "Requests with more properties will be rejected.",
                                      "Clients receive fewer properties, which they handle.",
                                      "old: `maxProperties: 10` / new: `maxProperties: 5`",
                                      customer="{target}: the maximum number of properties will be lowered from {before} to {after}.",
                                      todo_request="Make sure your requests send no more properties here than the new maximum of {after}.",
                                      todo_response="Nothing to change; you will receive no more properties here than the new maximum of {after}.")

MIN_PROPERTIES_INCREASED = SchemaKind("min-properties-increased", "minProperties raised",
                                      "{target}: the minimum number of properties was raised from {before} to {after}.",
                                      B, I, "Requests with fewer properties will be rejected.",
                                      "Clients receive more properties, which they handle.",
                                      "old: `minProperties: 0` / new: `minProperties: 1`",
                                      customer="{target}: the minimum number of properties will be raised from {before} to {after}.",
                                      todo_request="Make sure your requests send no fewer properties here than the new minimum of {after}.",
                                      todo_response="Nothing to change; you will receive no fewer properties here than the new minimum of {after}.")

MAX_PROPERTIES_INCREASED = SchemaKind("max-properties-increased", "maxProperties raised",
                                      "{target}: the maximum number of properties was raised from {before} to {after}.",
                                      I, W, "More properties are accepted.",
                                      "Clients sized for the old maximum may overflow.",
                                      "old: `maxProperties: 5` / new: `maxProperties: 10`",
                                      customer="{target}: the maximum number of properties will be raised from {before} to {after}.",
                                      todo_request="Nothing to change; once the change is live, you can also send more properties here.",
                                      todo_response="Make sure your code handles more properties here than the old maximum of {before}.")

MIN_PROPERTIES_DECREASED = SchemaKind("min-properties-decreased", "minProperties lowered",
                                      "{target}: the minimum number of properties was lowered from {before} to {after}.",
                                      I, W, "Fewer properties are accepted.",
                                      "Clients may receive fewer (even no) properties.",
                                      "old: `minProperties: 1` / new: `minProperties: 0`",
                                      customer="{target}: the minimum number of properties will be lowered from {before} to {after}.",
                                      todo_request="Nothing to change; once the change is live, you can also send fewer properties here.",
                                      todo_response="Make sure your code handles fewer properties here than the old minimum of {before}.")

MULTIPLE_OF_CHANGED = SchemaKind("multiple-of-changed", "multipleOf changed",
                                 "{target}: values must now be a multiple of {after} instead of {before}.",
                                 B, W, "Requests with values that are not multiples will be rejected.",
                                 "Clients may receive values with a precision they do not expect.",
                                 "old: `multipleOf: 1` / new: `multipleOf: 5`",
                                 customer="{target}: values will have to be a multiple of {after} instead of {before}.",
                                 todo_request="Make sure the values your requests send here are multiples of {after}.",
                                 todo_response="Make sure your code handles any multiple of {after} here.")

UNIQUE_ITEMS_ADDED = SchemaKind("unique-items-added", "Items must be unique", "{target}: items must now be unique.",
                                B, I, "Requests with duplicate items will be rejected.",
                                "Clients no longer receive duplicates.",
                                "old: `uniqueItems: false` / new: `uniqueItems: true`",
                                customer="{target}: the items in this list will have to be unique.",
                                todo_request="Make sure your requests send no duplicate items here.",
                                todo_response="Nothing to change; you will no longer receive duplicate items here.")

UNIQUE_ITEMS_REMOVED = SchemaKind("unique-items-removed", "Items may repeat", "{target}: items may now repeat.",
                                  I, W, "More values are accepted.",
                                  "Clients that put items in sets or maps keyed by value may lose data.",
                                  "old: `uniqueItems: true` / new: `uniqueItems: false`",
                                  customer="{target}: the items in this list will be allowed to repeat.",
                                  todo_request="Nothing to change; once the change is live, you can also send repeated items here.",
                                  todo_response="Make sure your code handles duplicate items here, for example where it puts them in a set or uses them as keys.")

PATTERN_ADDED = SchemaKind("pattern-added", "Pattern added", "{target}: values must now match {after}.",
                           B, I, "Requests whose values do not match will be rejected.",
                           "Values are better described; they already had that shape.",
                           "new: `pattern: '^[a-z]+$'`",
                           customer="{target}: values will have to match the pattern {after}.",
                           todo_request="Make sure every value your requests send here matches {after}.",
                           todo_response="Nothing to change; every value you receive here will match {after}.")

PATTERN_CHANGED = SchemaKind("pattern-changed", "Pattern changed",
                             "{target}: the pattern changed from {before} to {after}.",
                             W, I, "Requests that matched only the old pattern will be rejected.",
                             "Clients validating the old pattern may reject new values.",
                             "old: `pattern: '^[a-z]+$'` / new: `pattern: '^[a-z0-9]+$'`",
                             customer="{target}: the required pattern will change from {before} to {after}.",
                             todo_request="Make sure every value your requests send here matches {after}.",
                             todo_response="If your code checks values here against {before}, make it check against {after} instead.")

PATTERN_REMOVED = SchemaKind("pattern-removed", "Pattern removed", "{target}: values no longer need to match {before}.",
                             I, W, "More values are accepted.",
                             "Clients relying on the shape of values may get other strings.",
                             "old: `pattern: '^[a-z]+$'` / new: no pattern",
                             customer="{target}: values will no longer have to match the pattern {before}.",
                             todo_request="Nothing to change; what you send today keeps working, and other values will be accepted too.",
                             todo_response="Make sure your code accepts values here that do not match {before}.")

PROPERTY_REMOVED = SchemaKind("property-removed", "Property removed", "{target}: the property was removed.",
                              W, B, "Clients that send it find it ignored or rejected.",
                              "Clients that read it lose the data.",
                              "old: `properties: {tag: ...}` / new: gone", document="old",
                              customer="{target}: this property will be removed.",
                              todo_request="Make sure your requests stop sending it; after the change it will be ignored or rejected.",
                              todo_response="Make sure your code works without it; if you rely on this data, contact us before the change.")

PROPERTY_REMOVED_BEFORE_SUNSET = SchemaKind("property-removed-before-sunset", "Property removed before its sunset date",
                                            "{target}: the property was removed before its announced sunset date {before}.",
                                            B, B, "Customers were promised the property until its sunset date and planned by it.",
                                            "Customers were promised the property until its sunset date and planned by it.",
                                            "old: `tag: {deprecated: true, x-sunset: 2027-06-30}` / new: gone", document="old",
                                            customer="{target}: this property will be removed before the sunset date we announced for it, {before}.",
                                            todo_request="Make sure your requests stop sending it before then; it will be ignored or rejected.",
                                            todo_response="Make sure your code works without it before then; contact us if you cannot.")

REQUIRED_PROPERTY_ADDED = SchemaKind("required-property-added", "Required property added",
                                     "{target}: a new required property was added.",
                                     B, I, "Requests without the new property will be rejected.",
                                     "Clients receive extra data, which they can ignore.",
                                     "new: `properties: {owner: ...}`, `required: [owner]`",
                                     customer="{target}: a new required property will be added.",
                                     todo_request="Make sure your requests include it once the change is live; requests without it will be rejected.",
                                     todo_response="Nothing to change; you will receive it every time and can start using it.")

OPTIONAL_PROPERTY_ADDED = SchemaKind("optional-property-added", "Optional property added",
                                     "{target}: a new optional property was added.",
                                     I, I, "Requests without it keep working.",
                                     "Clients receive extra data, which they can ignore.",
                                     "new: `properties: {birthDate: ...}`",
                                     customer="{target}: a new optional property will be added.",
                                     todo_request="Nothing to change; once the change is live, you can start sending it.",
                                     todo_response="Nothing to change if your code ignores properties it does not know; you can start using it.")

PROPERTY_BECAME_REQUIRED = SchemaKind("property-became-required", "Property became required",
                                      "{target}: the property became required.",
                                      B, I, "Requests without it will be rejected.",
                                      "Clients now always receive it.",
                                      "old: `required: []` / new: `required: [name]`",
                                      customer="{target}: this property will become required.",
                                      todo_request="Make sure your requests always include it.",
                                      todo_response="Nothing to change; you will receive it every time.")

PROPERTY_BECAME_OPTIONAL = SchemaKind("property-became-optional", "Property became optional",
                                      "{target}: the property became optional.",
                                      I, B, "Requests that send it keep working.",
                                      "Clients that expect it to be always present will fail when it is missing.",
                                      "old: `required: [name]` / new: `required: []`",
                                      customer="{target}: this property will become optional.",
                                      todo_request="Nothing to change; once the change is live, you can leave it out.",
                                      todo_response="Make sure your code handles it being absent.")

READ_ONLY_ADDED = SchemaKind("read-only-added", "Became read-only", "{target}: the property became read-only.",
                             W, I, "Values clients send for it are now ignored or rejected.",
                             "It is still returned.",
                             "new: `readOnly: true`",
                             customer="{target}: this property will become read-only, so only we will set it.",
                             todo_request="Make sure your requests stop sending it; after the change we will ignore or reject it.",
                             todo_response="Nothing to change; you will still receive it.")

WRITE_ONLY_ADDED = SchemaKind("write-only-added", "Became write-only", "{target}: the property became write-only.",
                              I, B, "It is still accepted.",
                              "It is no longer returned; clients that read it lose the data.",
                              "new: `writeOnly: true`",
                              customer="{target}: this property will become write-only, so you will still be able to set it, but we will no longer return it.",
                              todo_request="Nothing to change; you can keep sending it.",
                              todo_response="Make sure your code no longer reads it; keep your own copy of the value if you need it.")

READ_ONLY_REMOVED = SchemaKind("read-only-removed", "No longer read-only", "{target}: the property is no longer read-only.",
                               I, I, "Clients may now send it; requests without it keep working.",
                               "It is still returned.",
                               "old: `readOnly: true` / new: no readOnly",
                               customer="{target}: this property will no longer be read-only, so you will be able to set it too.",
                               todo_request="Nothing to change; once the change is live, you can also send it.",
                               todo_response="Nothing to change; you will still receive it.")

WRITE_ONLY_REMOVED = SchemaKind("write-only-removed", "No longer write-only", "{target}: the property is no longer write-only.",
                                I, I, "It is still accepted.",
                                "It is now returned too; clients can ignore it.",
                                "old: `writeOnly: true` / new: no writeOnly",
                                customer="{target}: this property will no longer be write-only, so we will also return it.",
                                todo_request="Nothing to change; you can keep sending it.",
                                todo_response="Nothing to change; you will start receiving it, and your code can use it or ignore it.")

ADDITIONAL_PROPERTIES_RESTRICTED = SchemaKind("additional-properties-restricted", "Additional properties forbidden",
                                              "{target}: properties not listed in the schema are no longer allowed.",
                                              B, I, "Requests with extra properties will be rejected.",
                                              "Clients receive only listed properties.",
                                              "old: `additionalProperties: true` / new: `additionalProperties: false`",
                                              customer="{target}: only the documented properties will be allowed.",
                                              todo_request="Make sure your requests send only the documented properties here.",
                                              todo_response="Nothing to change; you will receive only the documented properties here.")

ADDITIONAL_PROPERTIES_ALLOWED = SchemaKind("additional-properties-allowed", "Additional properties allowed",
                                           "{target}: properties not listed in the schema are now allowed.",
                                           I, W, "More values are accepted.",
                                           "Clients may receive properties they do not know.",
                                           "old: `additionalProperties: false` / new: `additionalProperties: true`",
                                           customer="{target}: properties that are not documented will be allowed too.",
                                           todo_request="Nothing to change; what you send today keeps working.",
                                           todo_response="Make sure your code ignores properties here that it does not know, instead of failing.")

ONE_OF_MEMBER_ADDED = SchemaKind("one-of-member-added", "oneOf alternative added",
                                 "{target}: a oneOf alternative {value} was added.",
                                 I, W, "More values are accepted.",
                                 "Clients may receive a shape they do not handle.",
                                 "old: `oneOf: [Cat]` / new: `oneOf: [Cat, Dog]`",
                                 customer="{target}: a new possible shape, {value}, will be added.",
                                 todo_request="Nothing to change; once the change is live, you can also send the {value} shape here.",
                                 todo_response="Make sure your code handles the {value} shape here, and does not fail on a shape it does not know.")

ONE_OF_MEMBER_REMOVED = SchemaKind("one-of-member-removed", "oneOf alternative removed",
                                   "{target}: the oneOf alternative {value} was removed.",
                                   B, I, "Requests of that shape will be rejected.",
                                   "Clients no longer receive that shape.",
                                   "old: `oneOf: [Cat, Dog]` / new: `oneOf: [Cat]`",
                                   customer="{target}: the possible shape {value} will be removed.",
                                   todo_request="Make sure your requests stop sending the {value} shape here; use one of the other shapes.",
                                   todo_response="Nothing to change; you will no longer receive the {value} shape here.")

ANY_OF_MEMBER_ADDED = SchemaKind("any-of-member-added", "anyOf alternative added",
                                 "{target}: an anyOf alternative {value} was added.",
                                 I, W, "More values are accepted.",
                                 "Clients may receive a shape they do not handle.",
                                 "old: `anyOf: [Cat]` / new: `anyOf: [Cat, Dog]`",
                                 customer="{target}: a new possible shape, {value}, will be added.",
                                 todo_request="Nothing to change; once the change is live, you can also send the {value} shape here.",
                                 todo_response="Make sure your code handles the {value} shape here, and does not fail on a shape it does not know.")

ANY_OF_MEMBER_REMOVED = SchemaKind("any-of-member-removed", "anyOf alternative removed",
                                   "{target}: the anyOf alternative {value} was removed.",
                                   B, I, "Requests of that shape will be rejected.",
                                   "Clients no longer receive that shape.",
                                   "old: `anyOf: [Cat, Dog]` / new: `anyOf: [Cat]`",
                                   customer="{target}: the possible shape {value} will be removed.",
                                   todo_request="Make sure your requests stop sending the {value} shape here; use one of the other shapes.",
                                   todo_response="Nothing to change; you will no longer receive the {value} shape here.")

DISCRIMINATOR_CHANGED = SchemaKind("discriminator-changed", "Discriminator property changed",
                                   "{target}: the discriminator property changed from {before} to {after}.",
                                   B, B, "The server reads the variant from another property.",
                                   "Clients pick the variant from the wrong property.",
                                   "old: `propertyName: kind` / new: `propertyName: type`",
                                   customer="{target}: the property that names the variant will change from {before} to {after}.",
                                   todo_request="Make sure your requests name the variant in {after} instead of {before}.",
                                   todo_response="Make sure your code reads the variant from {after} instead of {before}.")

DISCRIMINATOR_ADDED = SchemaKind("discriminator-added", "Discriminator added",
                                 "{target}: the variant is now chosen by the property {after}.",
                                 W, I, "Requests must carry the discriminator property with a mapped value.",
                                 "Clients can pick the variant from that property; nothing they do breaks.",
                                 "new: `discriminator: {propertyName: petType}`",
                                 customer="{target}: the property {after} will name the variant.",
                                 todo_request="Make sure your requests always set {after} to the variant they send.",
                                 todo_response="Nothing to change; you can use {after} to tell the variants apart.")

DISCRIMINATOR_REMOVED = SchemaKind("discriminator-removed", "Discriminator removed",
                                   "{target}: the variant is no longer chosen by the property {before}.",
                                   I, W, "The server no longer needs the property to tell variants apart.",
                                   "Clients that pick the variant from that property must find another way.",
                                   "old: `discriminator: {propertyName: petType}` / new: none",
                                   customer="{target}: the property {before} will no longer name the variant.",
                                   todo_request="Nothing to change; {before} will no longer be needed to tell the variants apart.",
                                   todo_response="Make sure your code no longer relies on {before} to tell the variants apart.")

DISCRIMINATOR_MAPPING_CHANGED = SchemaKind("discriminator-mapping-changed", "Discriminator mapping changed",
                                           "{target}: the discriminator mapping for {value} changed from {before} to {after}.",
                                           W, W, "A discriminator value now selects another schema.",
                                           "Clients may decode a variant into the wrong type.",
                                           "old: `mapping: {cat: Cat}` / new: `mapping: {cat: Feline}`",
                                           customer="{target}: the variant {value} will stand for {after} instead of {before}.",
                                           todo_request="Make sure what your requests send as the variant {value} matches {after}.",
                                           todo_response="Make sure your code reads the variant {value} as {after} instead of {before}.")

DISCRIMINATOR_MAPPING_REMOVED = SchemaKind("discriminator-mapping-removed", "Discriminator value removed",
                                           "{target}: the discriminator value {value} (for {before}) was removed from the mapping.",
                                           B, I, "Requests that name the variant by that value no longer select it.",
                                           "Clients no longer receive that variant under that value.",
                                           "old: `mapping: {cat: Cat, dog: Dog}` / new: `mapping: {dog: Dog}`", document="old",
                                           customer="{target}: the variant value {value} will no longer be used.",
                                           todo_request="Stop sending {value} as the variant here; use one of the values that remain.",
                                           todo_response="Nothing to change; you will no longer receive the variant {value} here.")

DISCRIMINATOR_MAPPING_ADDED = SchemaKind("discriminator-mapping-added", "Discriminator value added",
                                         "{target}: the discriminator value {value} (for {after}) was added to the mapping.",
                                         I, W, "A new variant may be sent; existing requests keep working.",
                                         "Clients may receive a variant value they do not know.",
                                         "old: `mapping: {dog: Dog}` / new: `mapping: {cat: Cat, dog: Dog}`",
                                         customer="{target}: a new variant value, {value}, will be possible.",
                                         todo_request="Nothing to change; once the change is live, you can also send the variant {value} here.",
                                         todo_response="Make sure your code handles, or safely skips, the variant {value} here.")

ALL_OF_MEMBER_ADDED = SchemaKind("all-of-member-added", "allOf member added",
                                 "{target}: it must now also match {value}.",
                                 W, I, "Requests must satisfy one more schema; some that passed may be rejected.",
                                 "Clients receive values that satisfy more constraints, which they handle.",
                                 "old: `allOf: [Dog]` / new: `allOf: [Dog, Pet]`",
                                 customer="{target}: it will also have to match {value}.",
                                 todo_request="Make sure what your requests send here also matches {value}.",
                                 todo_response="Nothing to change; what you receive here will also match {value}.")

ALL_OF_MEMBER_REMOVED = SchemaKind("all-of-member-removed", "allOf member removed",
                                   "{target}: it no longer needs to match {value}.",
                                   I, W, "Fewer constraints; existing requests keep working.",
                                   "Clients may receive values without what that schema guaranteed.",
                                   "old: `allOf: [Dog, Pet]` / new: `allOf: [Dog]`",
                                   customer="{target}: it will no longer have to match {value}.",
                                   todo_request="Nothing to change; what you send today keeps working.",
                                   todo_response="Make sure your code no longer relies on what {value} guaranteed here.")

SUBSCHEMA_ADDED = SchemaKind("subschema-added", "Subschema added",
                             "{target}: a new {value} constraint applies.",
                             B, I, "Requests must satisfy a new constraint; those that do not will be rejected.",
                             "Clients receive values that satisfy more constraints, which they handle.",
                             "new: `propertyNames: {pattern: '^[a-z]+$'}`",
                             customer="{target}: a new {value} constraint will apply.",
                             todo_request="Make sure what your requests send here meets the new {value} constraint.",
                             todo_response="Nothing to change; what you receive here will meet the new {value} constraint.")

SUBSCHEMA_REMOVED = SchemaKind("subschema-removed", "Subschema removed",
                               "{target}: the {value} constraint no longer applies.",
                               I, W, "Fewer constraints; existing requests keep working.",
                               "Clients may receive values the old constraint excluded.",
                               "old: `contains: {type: string}` / new: none", document="old",
                               customer="{target}: the {value} constraint will no longer apply.",
                               todo_request="Nothing to change; what you send today keeps working.",
                               todo_response="Make sure your code no longer relies on the {value} constraint here.")

SCHEMA_ADDED = SchemaKind("schema-added", "Schema added",
                          "{target}: a schema now describes it.",
                          B, I, "Bodies that do not match the new schema will be rejected: the body was not checked before.",
                          "The shape is documented now; it already had it.",
                          "old: `application/json: {}` / new: `application/json: {schema: {type: object}}`",
                          customer="{target}: a schema will describe its content.",
                          todo_request="Make sure what your requests send here matches the new schema.",
                          todo_response="Nothing to change; you can use the new schema to read what you receive here.")

SCHEMA_REMOVED = SchemaKind("schema-removed", "Schema removed",
                            "{target}: no schema describes it any more.",
                            I, W, "Any body is accepted.",
                            "Clients lose the documented shape of what they receive.",
                            "old: `application/json: {schema: ...}` / new: `application/json: {}`", document="old",
                            customer="{target}: no schema will describe its content any more.",
                            todo_request="Nothing to change; what you send today keeps working.",
                            todo_response="Make sure your code checks what it receives here instead of relying on the old schema.")

DEFAULT_CHANGED = SchemaKind("default-changed", "Default changed",
                             "{target}: the default changed from {before} to {after}.",
                             W, I, "Requests that leave it out now get different behaviour.",
                             "Documentation only, for data clients receive.",
                             "old: `default: 10` / new: `default: 20`",
                             customer="{target}: the default will change from {before} to {after}.",
                             todo_request="If your requests leave it out and rely on the default, send {before} explicitly to keep today's behaviour.",
                             todo_response="Nothing to change; this only changes the documentation of what you receive.")

DEFAULT_REMOVED = SchemaKind("default-removed", "Default removed", "{target}: the default {before} was removed.",
                             W, I, "Requests that leave it out may now behave differently or be rejected.",
                             "Documentation only, for data clients receive.",
                             "old: `default: 10` / new: no default",
                             customer="{target}: the default {before} will be removed.",
                             todo_request="If your requests leave it out and rely on the default, send {before} explicitly.",
                             todo_response="Nothing to change; this only changes the documentation of what you receive.")

SCHEMA_DEPRECATED = SchemaKind("deprecated", "Deprecated", "{target}: it was deprecated.",
                        W, W, "It will go away; stop sending it.",
                        "It will go away; stop relying on it.",
                        "new: `deprecated: true`",
                               customer="{target}: it will be deprecated and may be removed later.",
                               todo_request="Plan to stop sending it; it keeps working until it is removed.",
                               todo_response="Plan to stop relying on it; you will keep receiving it until it is removed.")

NOT_CHANGED = SchemaKind("not-changed", "`not` changed", "{target}: the `not` constraint changed.",
                         W, I, "Some values that were accepted may now be rejected.",
                         "Clients receive values that match the new constraint.",
                         "old: `not: {type: string}` / new: `not: {type: integer}`",
                         customer="{target}: the `not` constraint, which excludes certain values, will change.",
                         todo_request="Make sure what your requests send here meets the new `not` constraint.",
                         todo_response="Nothing to change; what you receive here will meet the new `not` constraint.")

MIN_CONTAINS_INCREASED = SchemaKind("min-contains-increased", "minContains raised",
                                    "{target}: the minimum number of matching items was raised from {before} to {after}.",
                                    B, I, "Requests with fewer items matching `contains` will be rejected.",
                                    "Clients receive more matching items, which they handle.",
                                    "old: `minContains: 1` / new: `minContains: 2`",
                                    customer="{target}: the minimum number of matching items will be raised from {before} to {after}.",
                                    todo_request="Make sure your requests send at least {after} matching items here.",
                                    todo_response="Nothing to change; you will receive at least {after} matching items here.")

MIN_CONTAINS_DECREASED = SchemaKind("min-contains-decreased", "minContains lowered",
                                    "{target}: the minimum number of matching items was lowered from {before} to {after}.",
                                    I, W, "Fewer matching items are accepted.",
                                    "Clients may receive fewer items matching `contains` than before.",
                                    "old: `minContains: 2` / new: `minContains: 1`",
                                    customer="{target}: the minimum number of matching items will be lowered from {before} to {after}.",
                                    todo_request="Nothing to change; what you send today keeps working.",
                                    todo_response="Make sure your code handles fewer than {before} matching items here.")

MAX_CONTAINS_DECREASED = SchemaKind("max-contains-decreased", "maxContains lowered",
                                    "{target}: the maximum number of matching items was lowered from {before} to {after}.",
                                    B, I, "Requests with more items matching `contains` will be rejected.",
                                    "Clients receive fewer matching items, which they handle.",
                                    "old: `maxContains: 5` / new: `maxContains: 3`",
                                    customer="{target}: the maximum number of matching items will be lowered from {before} to {after}.",
                                    todo_request="Make sure your requests send no more than {after} matching items here.",
                                    todo_response="Nothing to change; you will receive no more than {after} matching items here.")

MAX_CONTAINS_INCREASED = SchemaKind("max-contains-increased", "maxContains raised",
                                    "{target}: the maximum number of matching items was raised from {before} to {after}.",
                                    I, W, "More matching items are accepted.",
                                    "Clients sized for the old maximum of matching items may overflow.",
                                    "old: `maxContains: 3` / new: `maxContains: 5`",
                                    customer="{target}: the maximum number of matching items will be raised from {before} to {after}.",
                                    todo_request="Nothing to change; once the change is live, you can also send more matching items here.",
                                    todo_response="Make sure your code handles more than {before} matching items here.")

DEPENDENT_REQUIRED_ADDED = SchemaKind("dependent-required-added", "Dependent requirement added",
                                      "{target}: when {value} is present, {after} must now be present too.",
                                      B, I, "Requests that send the property without the ones it now requires will be rejected.",
                                      "Clients receive the dependent properties together, which they handle.",
                                      "new: `dependentRequired: {name: [email]}`",
                                      customer="{target}: when {value} is present, {after} will have to be present too.",
                                      todo_request="Make sure every request that sends {value} here also sends {after}.",
                                      todo_response="Nothing to change; whenever you receive {value} here, {after} will be there too.")

DEPENDENT_REQUIRED_REMOVED = SchemaKind("dependent-required-removed", "Dependent requirement removed",
                                        "{target}: when {value} is present, {before} no longer has to be present.",
                                        I, W, "Requests need fewer properties together; existing ones keep working.",
                                        "Clients may receive the property without the ones that used to come with it.",
                                        "old: `dependentRequired: {name: [email]}` / new: none", document="old",
                                        customer="{target}: when {value} is present, {before} will no longer have to be present.",
                                        todo_request="Nothing to change; what you send today keeps working.",
                                        todo_response="Make sure your code handles {value} here without {before}.")

CONDITION_CHANGED = SchemaKind("condition-changed", "Condition changed",
                               "{target}: the `if` condition that chooses between `then` and `else` changed.",
                               W, W, "Requests may now be checked against the other branch and rejected.",
                               "Clients may receive values shaped by the other branch.",
                               "old: `if: {properties: {kind: {const: a}}}` / new: `if: {properties: {kind: {const: b}}}`",
                               customer="{target}: the condition that decides which rules apply will change.",
                               todo_request="Make sure what your requests send here meets the rules that apply under the new condition.",
                               todo_response="Make sure your code handles what you receive here under the new condition.")

CONTENT_MEDIA_TYPE_CHANGED = SchemaKind("content-media-type-changed", "Content media type changed",
                                        "{target}: the media type of the content changed from {before} to {after}.",
                                        B, B, "Clients must encode what the string holds in the new media type.",
                                        "Clients must decode what the string holds as the new media type.",
                                        "old: `contentMediaType: image/png` / new: `contentMediaType: image/webp`",
                                        absent="nothing",
                                        customer="{target}: the media type of the content will change from {before} to {after}.",
                                        todo_request="Make sure your requests send the content here as {after}.",
                                        todo_response="Make sure your code reads the content here as {after}.")

CONTENT_ENCODING_CHANGED = SchemaKind("content-encoding-changed", "Content encoding changed",
                                      "{target}: the content encoding changed from {before} to {after}.",
                                      B, B, "Clients must encode the content the new way or be rejected.",
                                      "Clients decoding the old way will misread the content.",
                                      "old: none / new: `contentEncoding: base64`",
                                      absent="nothing",
                                      customer="{target}: the content encoding will change from {before} to {after}.",
                                      todo_request="Make sure your requests encode the content here as {after}.",
                                      todo_response="Make sure your code decodes the content here as {after}.")

NOT_ADDED = SchemaKind("not-added", "`not` added", "{target}: values matching a new `not` constraint are now excluded.",
                       B, I, "Requests with values the new `not` excludes will be rejected.",
                       "Clients receive fewer kinds of values, which they handle.",
                       "new: `not: {type: 'null'}`",
                       customer="{target}: some values will be excluded by a new `not` constraint.",
                       todo_request="Make sure what your requests send here does not match the new `not` constraint.",
                       todo_response="Nothing to change; what you receive here will not match the new `not` constraint.")

NOT_REMOVED = SchemaKind("not-removed", "`not` removed", "{target}: the `not` constraint no longer excludes values.",
                         I, W, "More values are accepted.",
                         "Clients may receive values the old `not` constraint excluded.",
                         "old: `not: {type: 'null'}` / new: none", document="old",
                         customer="{target}: the `not` constraint, which excludes certain values, will be removed.",
                         todo_request="Nothing to change; what you send today keeps working.",
                         todo_response="Make sure your code handles values here that the old `not` constraint excluded.")

ONE_OF_AMBIGUOUS = SchemaKind("one-of-ambiguous", "oneOf made ambiguous",
                              "{target}: values that were valid also match the new oneOf alternative {value}, "
                              "and a oneOf value must match exactly one.",
                              B, W, "Requests that were valid now match two alternatives and are rejected.",
                              "Clients that validate responses against the oneOf may reject values that match two alternatives.",
                              "old: `{type: object, required: [id]}` / new: `oneOf: [{type: object, required: [id]}, {type: object}]`",
                              customer="{target}: a new alternative {value} will also match values that are valid today, "
                              "while only one alternative may match a value.",
                              todo_request="Make sure what your requests send here matches exactly one of the alternatives.",
                              todo_response="Make sure your code does not reject values here that match more than one alternative.")

STABILITY_DECREASED = SchemaKind("stability-decreased", "Stability decreased",
                                 "{target}: its stability decreased from {before} to {after}.",
                                 B, B, "Customers built on a promise the schema no longer makes: it may now change without notice.",
                                 "Customers built on a promise the schema no longer makes: it may now change without notice.",
                                 "old: `x-stability-level: stable` / new: `x-stability-level: draft`",
                                 customer="{target}: its stability will decrease from {before} to {after}, so it may "
                                 "change with little notice.",
                                 todo_request="Avoid relying on sending it, or be ready to change your requests here at short notice.",
                                 todo_response="Avoid relying on it, or be ready to handle changes to it at short notice.")

STABILITY_INCREASED = SchemaKind("stability-increased", "Stability increased",
                                 "{target}: its stability increased from {before} to {after}.",
                                 I, I, "The contract is firmer now.", "The contract is firmer now.",
                                 "old: `x-stability-level: draft` / new: `x-stability-level: stable`",
                                 customer="{target}: its stability will increase from {before} to {after}.",
                                 todo_request="Nothing to change; you can rely on it with more confidence.",
                                 todo_response="Nothing to change; you can rely on it with more confidence.")

SUNSET_UNREADABLE = SchemaKind("sunset-unreadable", "Property sunset date unreadable",
                               "{target}: its sunset date {after} is not a date.",
                               W, W, "Customers and their tools cannot tell when the property goes away.",
                               "Customers and their tools cannot tell when the property goes away.",
                               "new: `x-sunset: next spring`",
                               customer="{target}: this property will be retired; the date we published for it, "
                               "{after}, is not a valid date, and we will correct it.",
                               todo_request="Plan to stop sending it; watch our changelog for the corrected date.",
                               todo_response="Plan to stop relying on it; watch our changelog for the corrected date.")

SCHEMA_KINDS: list[SchemaKind] = [
    TYPE_CHANGED,
    TYPE_WIDENED,
    TYPE_NARROWED,
    NULLABLE_ADDED,
    NULLABLE_REMOVED,
    FORMAT_CHANGED,
    FORMAT_ADDED,
    FORMAT_REMOVED,
    ENUM_VALUE_REMOVED,
    ENUM_VALUE_ADDED,
    ENUM_ADDED,
    ENUM_REMOVED,
    CONST_CHANGED,
    MAXIMUM_DECREASED,
    MAXIMUM_INCREASED,
    MINIMUM_INCREASED,
    MINIMUM_DECREASED,
    MAX_LENGTH_DECREASED,
    MAX_LENGTH_INCREASED,
    MIN_LENGTH_INCREASED,
    MIN_LENGTH_DECREASED,
    MAX_ITEMS_DECREASED,
    MAX_ITEMS_INCREASED,
    MIN_ITEMS_INCREASED,
    MIN_ITEMS_DECREASED,
    MAX_PROPERTIES_DECREASED,
    MIN_PROPERTIES_INCREASED,
    MAX_PROPERTIES_INCREASED,
    MIN_PROPERTIES_DECREASED,
    MULTIPLE_OF_CHANGED,
    UNIQUE_ITEMS_ADDED,
    UNIQUE_ITEMS_REMOVED,
    PATTERN_ADDED,
    PATTERN_CHANGED,
    PATTERN_REMOVED,
    PROPERTY_REMOVED,
    PROPERTY_REMOVED_BEFORE_SUNSET,
    REQUIRED_PROPERTY_ADDED,
    OPTIONAL_PROPERTY_ADDED,
    PROPERTY_BECAME_REQUIRED,
    PROPERTY_BECAME_OPTIONAL,
    READ_ONLY_ADDED,
    WRITE_ONLY_ADDED,
    READ_ONLY_REMOVED,
    WRITE_ONLY_REMOVED,
    ADDITIONAL_PROPERTIES_RESTRICTED,
    ADDITIONAL_PROPERTIES_ALLOWED,
    ONE_OF_MEMBER_ADDED,
    ONE_OF_MEMBER_REMOVED,
    ANY_OF_MEMBER_ADDED,
    ANY_OF_MEMBER_REMOVED,
    DISCRIMINATOR_CHANGED,
    DISCRIMINATOR_ADDED,
    DISCRIMINATOR_REMOVED,
    DISCRIMINATOR_MAPPING_CHANGED,
    DISCRIMINATOR_MAPPING_REMOVED,
    DISCRIMINATOR_MAPPING_ADDED,
    ALL_OF_MEMBER_ADDED,
    ALL_OF_MEMBER_REMOVED,
    SUBSCHEMA_ADDED,
    SUBSCHEMA_REMOVED,
    SCHEMA_ADDED,
    SCHEMA_REMOVED,
    DEFAULT_CHANGED,
    DEFAULT_REMOVED,
    SCHEMA_DEPRECATED,
    NOT_CHANGED,
    NOT_ADDED,
    NOT_REMOVED,
    MIN_CONTAINS_INCREASED,
    MIN_CONTAINS_DECREASED,
    MAX_CONTAINS_DECREASED,
    MAX_CONTAINS_INCREASED,
    DEPENDENT_REQUIRED_ADDED,
    DEPENDENT_REQUIRED_REMOVED,
    CONDITION_CHANGED,
    CONTENT_MEDIA_TYPE_CHANGED,
    CONTENT_ENCODING_CHANGED,
    ONE_OF_AMBIGUOUS,
    STABILITY_DECREASED,
    STABILITY_INCREASED,
    SUNSET_UNREADABLE,
]

STRUCTURAL: list[Rule] = [
    OPERATION_ADDED,
    OPERATION_REMOVED_WITHOUT_DEPRECATION,
    OPERATION_REMOVED_BEFORE_SUNSET,
    OPERATION_REMOVED,
    OPERATION_DEPRECATED,
    OPERATION_REACTIVATED,
    OPERATION_SUNSET_ADDED,
    OPERATION_SUNSET_EARLIER,
    OPERATION_SUNSET_LATER,
    OPERATION_SUNSET_UNREADABLE,
    OPERATION_STABILITY_INVALID,
    OPERATION_ID_CHANGED,
    OPERATION_DOCUMENTATION_CHANGED,
    OPERATION_TAGS_CHANGED,
    OPERATION_STABILITY_DECREASED,
    OPERATION_STABILITY_INCREASED,
    PATH_PARAMETER_RENAMED,
    PATH_TRAILING_SLASH_CHANGED,
    PARAMETER_ADDED_REQUIRED,
    PARAMETER_ADDED_OPTIONAL,
    PARAMETER_REMOVED,
    PARAMETER_REMOVED_BEFORE_SUNSET,
    PARAMETER_SUNSET_UNREADABLE,
    PARAMETER_SUNSET_EARLIER,
    PARAMETER_SUNSET_LATER,
    PARAMETER_BECAME_REQUIRED,
    PARAMETER_BECAME_OPTIONAL,
    PARAMETER_DEPRECATED,
    PARAMETER_REACTIVATED,
    PARAMETER_SERIALIZATION_CHANGED,
    PARAMETER_DOCUMENTATION_CHANGED,
    REQUEST_BODY_ADDED_REQUIRED,
    REQUEST_BODY_ADDED_OPTIONAL,
    REQUEST_BODY_REMOVED,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_BODY_BECAME_OPTIONAL,
    REQUEST_BODY_MEDIA_TYPE_REMOVED,
    REQUEST_BODY_MEDIA_TYPE_ADDED,
    RESPONSE_SUCCESS_STATUS_REMOVED,
    RESPONSE_ERROR_STATUS_REMOVED,
    RESPONSE_SUCCESS_STATUS_ADDED,
    RESPONSE_ERROR_STATUS_ADDED,
    RESPONSE_MEDIA_TYPE_REMOVED,
    RESPONSE_MEDIA_TYPE_ADDED,
    RESPONSE_REQUIRED_HEADER_REMOVED,
    RESPONSE_OPTIONAL_HEADER_REMOVED,
    RESPONSE_HEADER_BECAME_OPTIONAL,
    RESPONSE_HEADER_BECAME_REQUIRED,
    RESPONSE_HEADER_ADDED,
    SECURITY_AUTH_ADDED,
    SECURITY_AUTH_REMOVED,
    SECURITY_ALTERNATIVE_REMOVED,
    SECURITY_ALTERNATIVE_ADDED,
    SECURITY_SCOPE_ADDED,
    SECURITY_SCOPE_REMOVED,
    SECURITY_SCHEME_REMOVED,
    SECURITY_SCHEME_ADDED,
    SECURITY_SCHEME_CHANGED,
    SECURITY_OAUTH_URL_CHANGED,
    SECURITY_OAUTH_FLOW_REMOVED,
    SECURITY_OAUTH_SCOPE_REMOVED,
    SERVER_REMOVED,
    SERVER_ADDED,
    SERVER_TRAILING_SLASH_CHANGED,
    SERVER_VARIABLE_CHANGED,
    WEBHOOK_REMOVED,
    WEBHOOK_ADDED,
    DOCUMENT_VERSION_CHANGED,
    DOCUMENT_VERSION_DECREASED,
    DOCUMENT_MAJOR_VERSION_NOT_BUMPED,
    DOCUMENT_OPENAPI_VERSION_CHANGED,
]

RULES: dict[str, Rule] = by_id(STRUCTURAL + [sk.rule(d) for sk in SCHEMA_KINDS
                                             for d in ("request", "response")])
