"""The shared test vector in Python: the same app as test/languages/vector.ts, line by line."""
import json
import pathlib

import aws_cdk.aws_cognito as cognito
import aws_cdk.aws_iam as iam
import aws_cdk.aws_s3 as s3
from aws_cdk import App, Stack
from cdk_identity_pool import (
    AmbiguousRoleResolution,
    DeveloperProvider,
    IdentityPool,
    IdentityProvider,
    ObjectAccess,
    RoleMapping,
    RoleMappingRule,
)

VECTOR_TEMPLATE = pathlib.Path(__file__).resolve().parent.parent / "vector.template.json"
VECTOR_STACK = "Vector"


def is_vector_type(resource_type):
    return resource_type.startswith("AWS::Cognito::IdentityPool") or resource_type in ("AWS::IAM::Role", "AWS::IAM::Policy")


def build_vector(stack):
    user_pool = cognito.UserPool(stack, "Users")
    client = user_pool.add_client("Web")
    users = IdentityProvider.user_pool(user_pool, client)
    google = IdentityProvider.google("1234.apps.googleusercontent.com")

    pool = IdentityPool(stack, "Pool",
        identity_pool_name="vector users",
        authentication_providers=[users],
    )
    pool.add_authentication_provider(google)
    DeveloperProvider(stack, "Backend", identity_pool=pool, provider_name="login.example.com")

    admins = pool.create_role("Admins", description="Administrators")
    editors = pool.create_role("Editors")
    RoleMapping(stack, "Groups",
        identity_pool=pool,
        provider=users,
        rules=[
            RoleMappingRule.equal_to("cognito:groups", "admins", admins),
            RoleMappingRule.contains("cognito:groups", "editors", editors),
        ],
        ambiguous_role_resolution=AmbiguousRoleResolution.AUTHENTICATED_ROLE,
    )

    pool.add_principal_tags(users, tags={"department": "custom:department", "team": "custom:team"})
    pool.add_principal_tags(google, use_defaults=True)

    files = s3.Bucket(stack, "Files")
    pool.grant_identity_folder(pool.authenticated_role, files)
    pool.grant_principal_tag_folder(admins, files, "department", prefix="departments", access=ObjectAccess.READ)
    editors.add_to_principal_policy(iam.PolicyStatement(
        actions=["s3:PutObject"],
        resources=[files.arn_for_objects(f"teams/{pool.principal_tag_variable('team')}/*")],
    ))
    return pool, users, google


def vector_resources(template):
    """The compared part of a template: identity-pool, role and policy resources, no Metadata."""
    return {
        logical_id: {key: value for key, value in resource.items() if key != "Metadata"}
        for logical_id, resource in template.get("Resources", {}).items()
        if is_vector_type(resource["Type"])
    }


def synthesized_template(app, stack_name):
    """A stack's template as the synthesizer wrote it (JSON, read back)."""
    artifact = app.synth().get_stack_by_name(stack_name)
    return json.loads(pathlib.Path(artifact.template_full_path).read_text())


def synthesize_vector():
    app = App()
    stack = Stack(app, VECTOR_STACK)
    build_vector(stack)
    return vector_resources(synthesized_template(app, VECTOR_STACK))
