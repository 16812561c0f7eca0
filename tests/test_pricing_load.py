"""Bad price books: one line naming the file, the plan or entry, and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nosurprises.errors import InputError
from nosurprises.pricing import load_pricebook


def _book(**price: Any) -> dict[str, Any]:
    return {"plans": [{"id": "pro", "name": "Pro",
                       "price": {"amount": "10.00", "currency": "USD", "interval": "month", **price}}]}


def _error(tmp_path: Path, data: Any, name: str = "prices.yaml") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_pricebook(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), "the error must name the file"
    assert "\n" not in message, "the error must be one line"
    return message


@pytest.mark.parametrize(("data", "where", "problem"), [
    (_book(currency="XYZ"), "plans[0].price.currency (plan 'pro')", "'XYZ' is not an ISO 4217 currency"),
    (_book(amount="-1.00"), "plans[0].price.amount (plan 'pro')", "cannot be negative"),
    (_book(amount=9.99), "plans[0].price.amount (plan 'pro')", "write amounts as strings"),
    (_book(amount="ten"), "plans[0].price.amount (plan 'pro')", "is not a decimal amount"),
    ({"plans": [{"id": "pro", "name": "Pro", "limits": [{"id": "req", "value": 5}]}]},
     "plans[0].limits[0].unit (plan 'pro', limit 'req')", "Field required"),
    ({"plans": [{"id": "pro", "name": "Pro"}, {"id": "pro", "name": "Pro 2"}]},
     "plans[1].id (plan 'pro')", "duplicate plan id 'pro' (also plans[0])"),
    ({"plans": [{"id": "pro", "name": "Pro", "limits": [{"id": "req", "value": 5, "unit": "request"},
                                                         {"id": "req", "value": 9, "unit": "request"}]}]},
     "plans[0].limits[1].id (plan 'pro', limit 'req')", "duplicate limit id 'req'"),
    ({"products": [{"id": "api", "plans": [{"id": "pro", "name": "Pro"}, {"id": "pro", "name": "X"}]}]},
     "products[0].plans[1].id (product 'api', plan 'pro')", "duplicate plan id 'pro'"),
    ({"plans": [{"id": "pro", "name": "Pro", "usage_prices": [
        {"id": "calls", "amount": "0.1", "currency": "USD", "unit": "call", "per": 0}]}]},
     "plans[0].usage_prices[0].per (plan 'pro', usage price 'calls')", "greater than 0"),
])
def test_bad_field_is_named(tmp_path: Path, data: Any, where: str, problem: str) -> None:
    message = _error(tmp_path, data)
    assert where in message and problem in message, message


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "is not a price book (its top level is not a mapping)" in _error(tmp_path, "- a\n- b\n")


def test_csv_missing_a_column(tmp_path: Path) -> None:
    message = _error(tmp_path, "plan,name,amount,currency\npro,Pro,10.00,USD\n", "prices.csv")
    assert "lacks the column(s) interval" in message


def test_csv_bad_row_names_the_plan(tmp_path: Path) -> None:
    message = _error(tmp_path, "plan,name,amount,currency,interval\npro,Pro,-2,USD,month\n", "prices.csv")
    assert "plans[0].price.amount (plan 'pro'): a price cannot be negative" in message


def test_csv_loads(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("plan,name,amount,currency,interval,per\npro,Pro,10.00,usd,month,user\n",
                    encoding="utf-8")
    ((_, plan),) = load_pricebook(path).all_plans()
    assert plan.price is not None
    assert (plan.id, str(plan.price.amount), plan.price.currency, plan.price.per) == (
        "pro", "10.00", "USD", "user")


@pytest.mark.parametrize("amount", ["1E+999999", "1E-999999", "123456789012345678901"])
def test_absurd_amounts_are_refused_not_computed(tmp_path: Path, amount: str) -> None:
    message = _error(tmp_path, _book(amount=amount))
    assert "plans[0].price.amount (plan 'pro')" in message and "out of range" in message
