"""The shared test vector from Python: the same identity-pool resources as TypeScript."""
import json

from aws_cdk import App, Stack
from cdk_identity_pool import IdentityProvider, IdentityProviderType

from vector_app import VECTOR_STACK, VECTOR_TEMPLATE, build_vector, synthesize_vector


def test_vector_synthesizes_what_typescript_synthesizes():
    """§1 §2 §5: pool, trusting roles, attachment, principal-tag maps, policies: equal to vector.template.json."""
    expected = json.loads(VECTOR_TEMPLATE.read_text())
    actual = synthesize_vector()
    assert sorted(actual) == sorted(expected), "logical ids differ"
    for logical_id in expected:
        assert actual[logical_id] == expected[logical_id], f"resource {logical_id} differs"


def test_objects_lists_and_enums_cross_the_bridge():
    """§1: provider names, lists of providers and enum values as a Python user sees them."""
    stack = Stack(App(), VECTOR_STACK)
    pool, users, google = build_vector(stack)

    assert google.type == IdentityProviderType.SOCIAL
    assert users.type == IdentityProviderType.USER_POOL
    assert google.logins_key == "accounts.google.com"
    assert google.principal_tag_name == "accounts.google.com"

    providers = pool.authentication_providers
    assert isinstance(providers, list)
    assert [p.type for p in providers] == [IdentityProviderType.USER_POOL, IdentityProviderType.SOCIAL]
    assert pool.has_provider(IdentityProvider.google("1234.apps.googleusercontent.com"))
    assert not pool.has_provider(IdentityProvider.facebook("1234"))

    roles = pool.roles_handed_out
    assert {role.node.id for role in roles} == {"AuthenticatedRole", "Admins", "Editors"}
