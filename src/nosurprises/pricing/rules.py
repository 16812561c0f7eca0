"""The rules of price book changes, declared next to the checks that find them.

Each rule is a constant the checks name (`PLAN_REMOVED`), so a misspelt rule fails at import.
The parts of a sentence that depend on the book's values (what an amount pays for, a tier, a
moved plan) are templates of their own here too, filled with facts as `words.Phrase`s: the
checks state only amounts, periods, units and ids.
"""

from __future__ import annotations

from ..i18n import N_
from ..model import Subject
from ..rule import B, I, Rule, W, by_id

# --- what an amount pays for, and other values told in words (`words.Phrase` templates) ----

PER = N_("per {what}")
"""What one amount pays for: `per month` (a price's interval, a credit's period), `per 1,000
api_call` (a metered price's units)."""

PRICE_TERMS = N_("{interval}{per}{billing}")
"""All a fixed price pays for: `per month per user, billed annually` (`{interval}` is a `PER`
phrase or a word: one-time, per use, per custom term)."""

AND_PER = N_(" per {what}")
"""A price's unit after its interval (`per month` ` per user`)."""

BILLED_ANNUALLY = N_(", billed annually")
"""A price billed a year up front for another interval."""

BILLED_MONTHLY = N_(", billed monthly")
"""A price billed every month for another interval."""

INTERVAL_BILLED = N_("{interval} (billed {cycle})")
"""A billing interval with its billing cycle, as `before`/`after` (`year (billed monthly)`)."""

COUNT_OF = N_("{count} {unit}")
"""Several units a metered amount is for: `1,000 api_call`."""

UNIT_PER = N_("{unit} per {period}")
"""A limit's unit with its period: `request per minute`."""

LIMIT_TERMS = N_("{value} {unit}")
"""A limit as `before`/`after` when its unit or period changed: `60 request per minute`."""

CREDIT_TERMS = N_("{amount} {currency} {per}")
"""An included credit as `before`/`after` when its currency or period changed."""

TIER_SPAN = N_("{start} to {end} {unit}")
"""A tier of a metered price: `0 to 100,000 api_call`."""

TIER_FROM = N_("{start} and up {unit}")
"""A tier without an upper bound: `100,001 and up api_call`."""

TIER_PER = N_("{tier} per {period}")
"""A tier counted per period: `0 to 100,000 api_call per month`."""

NAME_AND_ID = N_("{name} ({id})")
"""A plan as `before`/`after` of a rename that changed its id too: `Pro (pro)`."""

QUOTED = N_("\u201c{name}\u201d")
"""A feature the book names with a phrase (`Audit log`), in quotation marks."""

METERED = N_("{item} (metered {usage})")
"""The plan and one of its metered prices, where a plan's sentence speaks of the price."""

MOVED = N_("{old} \u2192 {new}")
"""A plan whose customers are moved to another (`academic-research` → `enterprise`)."""


PLAN_REMOVED = Rule("pricing.plan.removed", B, "Plan removed",
    "Plan {item} ({name}) was removed.",
    "Customers on it must move to another plan, usually a dearer one, or leave.",
    "Choose a replacement plan and compare its price and limits before the date.",
    "old: `- {id: hobby, name: Hobby}` / new: gone", Subject.PRICING,
    customer="We will stop offering the {name} plan.",
    todo="Choose another plan before then; if none suits you, you can export your data and cancel, "
    "or contact us for help.")

AT_PRICE = N_(" at {money} {per}")
"""The price of an added plan (`{price}`): ` at $10.00 per month`."""

PRICE_NOT_PUBLIC = N_(" (price not public)")
"""An added plan whose price is not public (`{price}`)."""

PLAN_ADDED = Rule("pricing.plan.added", I, "Plan added",
    "Plan {item} ({name}) was added{price}.",
    "A new option; nothing existing changes.",
    "Nothing to do; consider it if it suits you.",
    "new: `- {id: basic, name: Basic}`", Subject.PRICING,
    customer="We will offer a new {name} plan{price}.",
    todo="You can switch to it if it suits you better.")

PLAN_CLOSED_TO_NEW = Rule("pricing.plan.closed-to-new", W, "Plan closed to new customers",
    "Plan {item} ({name}) is no longer sold to new customers; existing customers keep it.",
    "Existing customers keep their plan, but new accounts, teams or projects cannot get it.",
    "Nothing changes for existing subscriptions; plan what new accounts will buy.",
    "old: `audience: [new, existing]` / new: `audience: [existing]`", Subject.PRICING,
    customer="We will stop selling the {name} plan to new customers; if you have it, you keep it.",
    todo="Nothing changes for your current subscription; new accounts or teams will need another "
    "plan.")

PLAN_NO_LONGER_AVAILABLE = Rule("pricing.plan.no-longer-available", B, "Plan no longer available",
    "Plan {item} ({name}) is no longer available.",
    "`available: false` withdraws the plan; unless its audience still names `existing`, "
    "nothing says existing customers keep it (then it is only a warning).",
    "Ask whether current subscriptions continue, and until when; pick a replacement.",
    "old: `available: true` / new: `available: false`", Subject.PRICING,
    customer="The {name} plan will no longer be available.",
    todo="Choose another plan before then, or contact us to learn whether your subscription "
    "continues; if no plan suits you, you can export your data and cancel.")

PLAN_REOPENED_TO_NEW = Rule("pricing.plan.reopened-to-new", I, "Plan open to new customers again",
    "Plan {item} ({name}) is sold to new customers again.",
    "An option that had been closed is back; nothing existing changes.",
    "Nothing to do.",
    "old: `audience: [existing]` / new: `audience: [new, existing]`", Subject.PRICING,
    customer="The {name} plan will be open to new customers again.",
    todo="You can choose it for new accounts and teams.")

PLAN_AVAILABLE_AGAIN = Rule("pricing.plan.available-again", I, "Plan available again",
    "Plan {item} ({name}) is available again.",
    "A withdrawn plan is offered again; nothing existing changes.",
    "Nothing to do.",
    "old: `available: false` / new: `available: true`", Subject.PRICING,
    customer="The {name} plan will be available again.",
    todo="You can choose it again if it suits you.")

PLAN_RENAMED = Rule("pricing.plan.renamed", I, "Plan renamed",
    "Plan {item} was renamed from {before} to {after}.",
    "Same plan (same id), new name: invoices and documentation read differently.",
    "Nothing to do.",
    "old: `{id: pro, name: Standard}` / new: `{id: pro, name: Pro}`", Subject.PRICING,
    customer="We will rename the {before} plan to {after}.",
    todo="Nothing to do; your invoices and account will show the new name.")

PRICE_INCREASED = Rule("pricing.price.increased", B, "Price increased",
    "The price of plan {item} rose by {difference} ({percent}) {per}, from {before_money} to "
    "{after_money}.",
    "Existing customers pay more for the same thing without doing anything.",
    "Budget for the new price, or move to a cheaper plan before it applies.",
    "old: `amount: \"6.67\"` / new: `amount: \"7.25\"`", Subject.PRICING,
    customer="The price of the {plan} plan will rise by {difference} ({percent}), from {before_money} "
    "to {after_money} {per}.",
    todo="To pay less, you can change plan, cancel or contact us before then.")

PRICE_DECREASED = Rule("pricing.price.decreased", I, "Price decreased",
    "The price of plan {item} fell by {difference} ({percent}) {per}, from {before_money} to "
    "{after_money}.",
    "Customers pay less.",
    "Nothing to do.",
    "old: `amount: \"10.00\"` / new: `amount: \"8.00\"`", Subject.PRICING,
    customer="The price of the {plan} plan will fall by {difference} ({percent}), from {before_money} "
    "to {after_money} {per}.",
    todo="Nothing to do; you will pay the lower price.")

PRICE_HIDDEN = Rule("pricing.price.hidden", W, "Price no longer public",
    "The price of plan {item} is no longer public (it was {before_money} {per}).",
    "Customers can no longer tell what they will pay; it often precedes a rise.",
    "Ask the provider for a written quote before the change applies.",
    "old: `amount: \"99.00\"` / new: `amount: null`", Subject.PRICING,
    customer="We will no longer publish the price of the {plan} plan (today it is {before_money} {per}).",
    todo="Contact us for a written quote before then; if the price does not suit you, you can "
    "change plan or cancel.")

PRICE_PUBLISHED = Rule("pricing.price.published", I, "Price published",
    "The price of plan {item} is now public: {after_money} {per}.",
    "Customers can see what they pay.",
    "Check the published price against your contract.",
    "old: `amount: null` / new: `amount: \"42000.00\"`", Subject.PRICING,
    customer="We will publish the price of the {plan} plan: {after_money} {per}.",
    todo="Compare it with what you pay today; contact us with any questions.")

PRICE_CURRENCY_CHANGED = Rule("pricing.price.currency-changed", B, "Price currency changed",
    "The price of plan {item} is now in {after} instead of {before} ({before_money} -> "
    "{after_money}).",
    "Customers pay in another currency; exchange rates now move their bill. Amounts are "
    "never converted, so whether it got dearer is not judged.",
    "Compare the new amount at today's rate and check your payment method.",
    "old: `currency: USD` / new: `currency: EUR`", Subject.PRICING,
    customer="We will charge the {plan} plan in {after} instead of {before}: {after_money} instead of "
    "{before_money}.",
    todo="Check that your payment method can pay in {after}, as exchange rates will then move your "
    "bill; if this does not suit you, you can change plan, cancel or contact us before then.")

PRICE_INTERVAL_CHANGED = Rule("pricing.price.interval-changed", B, "Billing interval changed",
    "The billing interval of plan {item} changed from {before} to {after}.",
    "Customers are billed on another rhythm (e.g. a year up front); amounts cannot be "
    "compared as they stand.",
    "Check cash flow and renewal dates under the new interval.",
    "old: `interval: month` / new: `interval: year`", Subject.PRICING,
    customer="The billing interval of the {plan} plan will change from {before} to {after}.",
    todo="Check when and how much you will be charged under the new interval; if it does not suit "
    "you, you can change plan, cancel or contact us before then.")

PRICE_UNIT_CHANGED = Rule("pricing.price.unit-changed", B, "Price unit changed",
    "The price of plan {item} is now charged per {after} instead of per {before}.",
    "The same amount counts something else (per user instead of per workspace), so bills "
    "can grow with usage they did not pay for before.",
    "Recompute your bill with the new unit.",
    "old: `per: workspace` / new: `per: user`", Subject.PRICING,
    customer="We will charge the {plan} plan per {after} instead of per {before}.",
    todo="Work out your bill per {after}; if it does not suit you, you can change plan, cancel or "
    "contact us before then.")

WAS_REMOVED = N_("was removed")
"""How a free plan went (`{how}`): the plan is gone."""

NOW_COSTS = N_("now costs {money} {per}")
"""How a free plan went (`{how}`): it has a price now."""

NO_LONGER_FREE = N_("is no longer free (its price is not public)")
"""How a free plan went (`{how}`): it has a price now, not a public one."""

FREE_TIER_REMOVED = Rule("pricing.free-tier.removed", B, "Free tier removed",
    "The free plan {item} ({name}) {how}.",
    "Customers who relied on paying nothing must start paying or leave (Twitter's API and "
    "Heroku's free dynos in 2022-2023).",
    "Move to a paid plan or another provider before the date, or export your data.",
    "old: `amount: \"0.00\"` / new: gone, or `amount: \"5.00\"`", Subject.PRICING,
    customer="The {name} plan will no longer be free.",
    todo="To keep working, choose a paid plan before then; if none suits you, export your data and "
    "cancel, or contact us for help.")

USAGE_PRICE_ADDED = Rule("pricing.usage-price.added", B, "Metered charge added",
    "Plan {item} now charges {after_money} per {unit} ({usage}).",
    "Usage that cost nothing is now billed (Reddit's API in 2023).",
    "Measure your usage and estimate the bill; set a budget or cap.",
    "new: `usage_prices: [{id: api_calls, amount: \"0.24\", per: 1000, unit: api_call}]`",
    Subject.PRICING,
    customer="We will start charging {after_money} per {unit} on the {plan} plan.",
    todo="Check your usage to estimate the new charge and set a budget or cap; if it does not suit "
    "you, you can change plan, cancel or contact us before then.")

USAGE_PRICE_REMOVED = Rule("pricing.usage-price.removed", I, "Metered charge removed",
    "Plan {item} no longer charges {before_money} per {unit} ({usage}).",
    "That usage is no longer billed separately.",
    "Check what replaces it; usually nothing to do.",
    "old: `usage_prices: [{id: api_calls, ...}]` / new: gone", Subject.PRICING,
    customer="We will stop charging {before_money} per {unit} on the {plan} plan.",
    todo="Nothing to do; this usage will no longer be billed separately.")

USAGE_PRICE_INCREASED = Rule("pricing.usage-price.increased", B, "Metered price increased",
    "The metered price {usage} of plan {item} rose by {difference} ({percent}), from "
    "{before_money} to {after_money} per {unit}.",
    "The same usage costs existing customers more.",
    "Recompute your bill at current usage; reduce usage or set a budget.",
    "old: `amount: \"0.50\", per: 1000` / new: `amount: \"7.00\", per: 1000`", Subject.PRICING,
    customer="The usage price of the {plan} plan will rise by {difference} ({percent}), from "
    "{before_money} to {after_money} per {unit}.",
    todo="Check your usage to estimate the new charge; to pay less, you can reduce usage or set a "
    "budget, or change plan, cancel or contact us before then.")

USAGE_PRICE_DECREASED = Rule("pricing.usage-price.decreased", I, "Metered price decreased",
    "The metered price {usage} of plan {item} fell by {difference} ({percent}), from "
    "{before_money} to {after_money} per {unit}.",
    "The same usage costs less.",
    "Nothing to do.",
    "old: `amount: \"7.00\"` / new: `amount: \"5.60\"`", Subject.PRICING,
    customer="The usage price of the {plan} plan will fall by {difference} ({percent}), from "
    "{before_money} to {after_money} per {unit}.",
    todo="Nothing to do; you will pay the lower rate.")

USAGE_PRICE_TIER_CHANGED = Rule("pricing.usage-price.tier-changed", W, "Price tier changed",
    "The tier of the metered price {usage} of plan {item} changed from {before} to {after}.",
    "Tier boundaries decide which rate applies; when a boundary moves so that the higher "
    "rate starts sooner it is breaking.",
    "Recompute your bill at current usage with the new boundaries.",
    "old: `tier: {from: 0, to: 100000}` / new: `tier: {from: 0, to: 50000}`", Subject.PRICING,
    customer="On the {plan} plan, the {usage} rate will apply to {after} instead of {before}.",
    todo="Check which rate your usage will fall under and estimate your bill; contact us if you "
    "need help.")

CREDIT_REMOVED = Rule("pricing.credit.removed", B, "Included credit removed",
    "Plan {item} no longer includes a credit of {before_money} {per}.",
    "Usage the credit paid for is now billed.",
    "Recompute your bill without the credit.",
    "old: `included_credit: {amount: \"200.00\"}` / new: gone", Subject.PRICING,
    customer="The {plan} plan will no longer include a credit of {before_money} {per}.",
    todo="Usage the credit paid for will be billed: estimate your new bill, and if it does not suit "
    "you, you can change plan, cancel or contact us before then.")

CREDIT_DECREASED = Rule("pricing.credit.decreased", B, "Included credit decreased",
    "The credit included in plan {item} fell by {difference} ({percent}), from {before_money} to "
    "{after_money} {per}.",
    "Less usage is covered, so the same usage costs more.",
    "Recompute your bill with the smaller credit.",
    "old: `amount: \"300.00\"` / new: `amount: \"200.00\"`", Subject.PRICING,
    customer="The credit included in the {plan} plan will fall by {difference} ({percent}), from "
    "{before_money} to {after_money} {per}.",
    todo="Usage beyond the smaller credit will be billed: estimate your new bill, and if it does "
    "not suit you, you can change plan, cancel or contact us before then.")

CREDIT_ADDED = Rule("pricing.credit.added", I, "Included credit added",
    "Plan {item} now includes a credit of {after_money} {per}.",
    "Some usage is now paid for by the provider.",
    "Nothing to do.",
    "new: `included_credit: {amount: \"200.00\", period: month}`", Subject.PRICING,
    customer="The {plan} plan will include a credit of {after_money} {per}.",
    todo="Nothing to do; the credit will pay for part of your usage.")

CREDIT_INCREASED = Rule("pricing.credit.increased", I, "Included credit increased",
    "The credit included in plan {item} rose by {difference} ({percent}), from {before_money} to "
    "{after_money} {per}.",
    "More usage is covered.",
    "Nothing to do.",
    "old: `amount: \"100.00\"` / new: `amount: \"200.00\"`", Subject.PRICING,
    customer="The credit included in the {plan} plan will rise by {difference} ({percent}), from "
    "{before_money} to {after_money} {per}.",
    todo="Nothing to do; more of your usage will be covered.")

CREDIT_CHANGED = Rule("pricing.credit.changed", W, "Included credit changed",
    "The credit included in plan {item} changed from {before} to {after}; the two cannot be "
    "compared.",
    "The currency or period of the credit changed, so whether it shrank is not judged.",
    "Compare the credit with your usage under the new terms.",
    "old: `period: day` / new: `period: month`", Subject.PRICING,
    customer="The credit included in the {plan} plan will change from {before} to {after}.",
    todo="Compare the new credit with your usage; contact us if you are unsure what it means for "
    "your bill.")

FEATURE_REMOVED = Rule("pricing.feature.removed", B, "Feature removed",
    "Plan {item} no longer includes {feature}.",
    "Customers lose something they pay for.",
    "Check whether you use it; find a replacement or another plan.",
    "old: `features: [SSO]` / new: `features: []`", Subject.PRICING,
    customer="The {plan} plan will no longer include {feature}.",
    todo="If you use it, move to a plan that still includes it or contact us for help before then; "
    "you can also cancel.")

FEATURE_ADDED = Rule("pricing.feature.added", I, "Feature added",
    "Plan {item} now includes {feature}.",
    "More for the same price.",
    "Nothing to do.",
    "new: `features: [Audit log]`", Subject.PRICING,
    customer="The {plan} plan will include {feature}.",
    todo="You can start using it then.")

FEATURE_DOWNGRADED = Rule("pricing.feature.downgraded", B, "Feature downgraded",
    "{feature} in plan {item} was downgraded from {before} to {after}.",
    "Customers get less of something they pay for.",
    "Check whether the lower value is enough for you.",
    "old: `{id: seats, value: 10}` / new: `{id: seats, value: 5}`", Subject.PRICING,
    customer="On the {plan} plan, {feature} will go down from {before} to {after}.",
    todo="Check that {after} is enough for you; if not, move to a plan with more, or contact us, "
    "before then.")

FEATURE_UPGRADED = Rule("pricing.feature.upgraded", I, "Feature upgraded",
    "{feature} in plan {item} was upgraded from {before} to {after}.",
    "Customers get more.",
    "Nothing to do.",
    "old: `{id: seats, value: 5}` / new: `{id: seats, value: 10}`", Subject.PRICING,
    customer="On the {plan} plan, {feature} will go up from {before} to {after}.",
    todo="Nothing to do; the new value will apply to your current plan.")

FEATURE_CHANGED = Rule("pricing.feature.changed", W, "Feature value changed",
    "{feature} in plan {item} changed from {before} to {after}.",
    "The values cannot be ordered, so whether it got worse is not judged.",
    "Read the new value and check it still suits you.",
    "old: `{id: support, value: email}` / new: `{id: support, value: chat}`", Subject.PRICING,
    customer="On the {plan} plan, {feature} will change from {before} to {after}.",
    todo="Check that {after} still suits you; if not, you can change plan, cancel or contact us "
    "before then.")

LIMIT_DECREASED = Rule("pricing.limit.decreased", B, "Limit decreased",
    "The limit {limit} of plan {item} fell from {before} to {after} {unit}.",
    "Usage that fit now hits the cap: requests fail, posts are refused, data is hidden.",
    "Compare your usage with the new limit; reduce it or upgrade before the date.",
    "old: `{id: requests, value: 60, unit: request, period: minute}` / new: `value: 10`",
    Subject.PRICING,
    customer="On the {plan} plan, the {limit_name} limit will fall from {before} to {after} {unit}.",
    todo="Usage above the new limit may be refused: reduce your usage or move to a plan with a "
    "higher limit before then, or contact us for help.")

LIMIT_INCREASED = Rule("pricing.limit.increased", I, "Limit increased",
    "The limit {limit} of plan {item} rose from {before} to {after} {unit}.",
    "More room for the same price.",
    "Nothing to do.",
    "old: `value: 60` / new: `value: 100`", Subject.PRICING,
    customer="On the {plan} plan, the {limit_name} limit will rise from {before} to {after} {unit}.",
    todo="Nothing to do; you will have more room on your current plan.")

LIMIT_ADDED = Rule("pricing.limit.added", B, "Limit added",
    "Plan {item} now has a limit {limit} of {after} {unit}.",
    "A new cap: usage that was unbounded can now be refused or billed.",
    "Compare your usage with the new cap.",
    "new: `limits: [{id: premium_requests, value: 300, unit: request, period: month}]`",
    Subject.PRICING,
    customer="The {plan} plan will have a new {limit_name} limit of {after} {unit}.",
    todo="Usage above the new limit may be refused: compare your usage with it, and reduce your "
    "usage or move to a plan with a higher limit before then, or contact us for help.")

LIMIT_REMOVED = Rule("pricing.limit.removed", I, "Limit removed",
    "The limit {limit} of plan {item} ({before} {unit}) was lifted.",
    "The cap is gone; nothing is refused for exceeding it.",
    "Check that nothing else (a price, a new limit) replaced it.",
    "old: `limits: [{id: storage, value: 5, unit: GB}]` / new: gone", Subject.PRICING,
    customer="On the {plan} plan, we will lift the {limit_name} limit ({before} {unit}).",
    todo="Nothing to do; this limit will no longer cap your usage.")

LIMIT_CHANGED = Rule("pricing.limit.changed", W, "Limit measured differently",
    "The limit {limit} of plan {item} changed from {before} to {after}; the two cannot be compared.",
    "The unit or period changed (10,000 messages became 90 days), so some customers get "
    "less and some more.",
    "Work out what the new limit means at your usage.",
    "old: `{value: 10000, unit: message}` / new: `{value: 90, unit: day}`", Subject.PRICING,
    customer="On the {plan} plan, the {limit_name} limit will change from {before} to {after}.",
    todo="Work out what the new limit means at your usage; if it does not suit you, you can change "
    "plan, cancel or contact us before then.")

TRIAL_REMOVED = Rule("pricing.trial.removed", W, "Trial removed",
    "Plan {item} no longer offers a free trial (it was {before} days).",
    "Only new customers are affected: they must pay to try it.",
    "Nothing to do for existing subscriptions.",
    "old: `trial: {days: 30}` / new: gone", Subject.PRICING,
    customer="The {plan} plan will no longer come with a free trial (today it is {before} days).",
    todo="Nothing changes for your current subscription.")

TRIAL_SHORTENED = Rule("pricing.trial.shortened", W, "Trial shortened",
    "The free trial of plan {item} was shortened from {before} to {after} days.",
    "Only new customers are affected: less time to evaluate before paying.",
    "Nothing to do for existing subscriptions.",
    "old: `trial: {days: 30}` / new: `trial: {days: 14}`", Subject.PRICING,
    customer="The free trial of the {plan} plan will be shortened from {before} to {after} days.",
    todo="Nothing changes for your current subscription.")

TRIAL_ADDED = Rule("pricing.trial.added", I, "Trial added",
    "Plan {item} now offers a free trial of {after} days.",
    "New customers can try it first.",
    "Nothing to do.",
    "new: `trial: {days: 14}`", Subject.PRICING,
    customer="The {plan} plan will come with a free trial of {after} days.",
    todo="New accounts can try it for free first.")

TRIAL_LENGTHENED = Rule("pricing.trial.lengthened", I, "Trial lengthened",
    "The free trial of plan {item} was lengthened from {before} to {after} days.",
    "New customers get more time to evaluate.",
    "Nothing to do.",
    "old: `trial: {days: 14}` / new: `trial: {days: 30}`", Subject.PRICING,
    customer="The free trial of the {plan} plan will be lengthened from {before} to {after} days.",
    todo="Nothing to do; new accounts will have longer to try it.")

COMMITMENT_RAISED = Rule("pricing.commitment.raised", B, "Minimum commitment raised",
    "The minimum commitment of plan {item} rose by {difference} ({percent}), from {before_money} "
    "to {after_money} {per}.",
    "Customers are billed at least the new amount whatever they use.",
    "Check your usage covers the new minimum, or renegotiate.",
    "old: `minimum_commitment: \"100.00\"` / new: `minimum_commitment: \"250.00\"`",
    Subject.PRICING,
    customer="The minimum you commit to spend on the {plan} plan will rise by {difference} ({percent}), "
    "from {before_money} to {after_money} {per}.",
    todo="You will be billed at least {after_money} {per} whatever you use; if that does not suit "
    "you, you can change plan, cancel or contact us before then.")

COMMITMENT_LOWERED = Rule("pricing.commitment.lowered", I, "Minimum commitment lowered",
    "The minimum commitment of plan {item} fell by {difference} ({percent}), from {before_money} "
    "to {after_money} {per}.",
    "Customers are committed to less.",
    "Nothing to do.",
    "old: `minimum_commitment: \"250.00\"` / new: `minimum_commitment: \"100.00\"`",
    Subject.PRICING,
    customer="The minimum you commit to spend on the {plan} plan will fall by {difference} ({percent}), "
    "from {before_money} to {after_money} {per}.",
    todo="Nothing to do; your minimum bill will be lower.")

RULES: dict[str, Rule] = by_id([
    PLAN_REMOVED,
    PLAN_ADDED,
    PLAN_CLOSED_TO_NEW,
    PLAN_NO_LONGER_AVAILABLE,
    PLAN_REOPENED_TO_NEW,
    PLAN_AVAILABLE_AGAIN,
    PLAN_RENAMED,
    PRICE_INCREASED,
    PRICE_DECREASED,
    PRICE_HIDDEN,
    PRICE_PUBLISHED,
    PRICE_CURRENCY_CHANGED,
    PRICE_INTERVAL_CHANGED,
    PRICE_UNIT_CHANGED,
    FREE_TIER_REMOVED,
    USAGE_PRICE_ADDED,
    USAGE_PRICE_REMOVED,
    USAGE_PRICE_INCREASED,
    USAGE_PRICE_DECREASED,
    USAGE_PRICE_TIER_CHANGED,
    CREDIT_REMOVED,
    CREDIT_DECREASED,
    CREDIT_ADDED,
    CREDIT_INCREASED,
    CREDIT_CHANGED,
    FEATURE_REMOVED,
    FEATURE_ADDED,
    FEATURE_DOWNGRADED,
    FEATURE_UPGRADED,
    FEATURE_CHANGED,
    LIMIT_DECREASED,
    LIMIT_INCREASED,
    LIMIT_ADDED,
    LIMIT_REMOVED,
    LIMIT_CHANGED,
    TRIAL_REMOVED,
    TRIAL_SHORTENED,
    TRIAL_ADDED,
    TRIAL_LENGTHENED,
    COMMITMENT_RAISED,
    COMMITMENT_LOWERED,
])
