"""Bad input from Python: the library's errors arrive as Python exceptions with its message."""
import pytest
from aws_cdk import App, Stack
from cdk_identity_pool import IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule


def test_construct_time_error_names_path_field_value_and_rule():
    """§3: an identity pool name outside the service's alphabet, refused when the pool is made."""
    stack = Stack(App(), "Stack")
    with pytest.raises(RuntimeError) as error:
        IdentityPool(stack, "Pool", identity_pool_name="bad/name")
    assert str(error.value) == 'Stack/Pool: invalid identityPoolName "bad/name": must match [\\w\\s+=,.@-]+'


def test_synth_time_error_names_path_field_value_and_rule():
    """§6: a principal-tag map for a provider the pool does not have, refused at synth."""
    app = App()
    stack = Stack(app, "Stack")
    pool = IdentityPool(stack, "Pool")
    pool.add_principal_tags(IdentityProvider.google("1234.apps.googleusercontent.com"), tags={"department": "custom:department"})
    with pytest.raises(RuntimeError) as error:
        app.synth()
    assert str(error.value).endswith(
        "Validation failed with the following errors:\n"
        "  [Stack/Pool] invalid principal-tag provider: the pool has no authentication provider accounts.google.com"
    )


def test_rule_list_items_are_checked_too():
    """§5: a rule's claim longer than the service allows, inside a list passed from Python."""
    app = App()
    stack = Stack(app, "Stack")
    users = IdentityProvider.google("1234.apps.googleusercontent.com")
    pool = IdentityPool(stack, "Pool", authentication_providers=[users])
    with pytest.raises(RuntimeError) as error:
        RoleMapping(stack, "Groups",
            identity_pool=pool,
            provider=users,
            rules=[RoleMappingRule.equal_to("c" * 65, "admins", pool.create_role("Admins"))],
        )
    assert "Stack/Groups" in str(error.value)
    assert "must be 1-64 characters long (it has 65)" in str(error.value)
