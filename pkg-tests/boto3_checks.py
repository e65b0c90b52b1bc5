"""What the boto3 scripts share: a counted check, and a call expected to fail with an AWS error
code (and, if given, a message containing some text). `count` is how many checks passed."""
from botocore.exceptions import ClientError

count = 0


def check(cond, what):
    global count
    count += 1
    if not cond:
        raise AssertionError(what)


def expect_error(code, fn, contains=None, **kwargs):
    """Calls fn(**kwargs); it must raise ClientError with `code`. Returns the error."""
    try:
        fn(**kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        message = e.response["Error"].get("Message") or ""
        check(got == code, f"{getattr(fn, '__name__', 'call')}: expected {code}, got {got}: {message}")
        if contains is not None:
            check(contains in message, f"expected {contains!r} in {message!r}")
        return e
    raise AssertionError(f"{getattr(fn, '__name__', 'call')}: expected {code}, but it succeeded")
