package io.github.cdkidentitypool.languages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cdkidentitypool.AmbiguousRoleResolution;
import io.github.cdkidentitypool.DeveloperProvider;
import io.github.cdkidentitypool.FolderGrantOptions;
import io.github.cdkidentitypool.IdentityPool;
import io.github.cdkidentitypool.IdentityPoolRoleOptions;
import io.github.cdkidentitypool.IdentityProvider;
import io.github.cdkidentitypool.ObjectAccess;
import io.github.cdkidentitypool.PrincipalTagOptions;
import io.github.cdkidentitypool.RoleMapping;
import io.github.cdkidentitypool.RoleMappingRule;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.s3.Bucket;

/** The shared test vector in Java: the same app as test/languages/vector.ts, line by line. */
final class VectorApp {
  static final String VECTOR_STACK = "Vector";
  static final Path VECTOR_TEMPLATE = Paths.get(System.getProperty("user.dir"), "..", "vector.template.json").normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  /** What the vector made that the tests look at. */
  static final class Made {
    final IdentityPool pool;
    final IdentityProvider users;
    final IdentityProvider google;

    Made(IdentityPool pool, IdentityProvider users, IdentityProvider google) {
      this.pool = pool;
      this.users = users;
      this.google = google;
    }
  }

  private VectorApp() {}

  static boolean isVectorType(String type) {
    return type.startsWith("AWS::Cognito::IdentityPool") || type.equals("AWS::IAM::Role") || type.equals("AWS::IAM::Policy");
  }

  static Made buildVector(Stack stack) {
    UserPool userPool = new UserPool(stack, "Users");
    UserPoolClient client = userPool.addClient("Web");
    IdentityProvider users = IdentityProvider.userPool(userPool, client);
    IdentityProvider google = IdentityProvider.google("1234.apps.googleusercontent.com");

    IdentityPool pool = IdentityPool.Builder.create(stack, "Pool")
        .identityPoolName("vector users")
        .authenticationProviders(List.of(users))
        .build();
    pool.addAuthenticationProvider(google);
    DeveloperProvider.Builder.create(stack, "Backend").identityPool(pool).providerName("login.example.com").build();

    Role admins = pool.createRole("Admins", IdentityPoolRoleOptions.builder().description("Administrators").build());
    Role editors = pool.createRole("Editors");
    RoleMapping.Builder.create(stack, "Groups")
        .identityPool(pool)
        .provider(users)
        .rules(List.of(
            RoleMappingRule.equalTo("cognito:groups", "admins", admins),
            RoleMappingRule.contains("cognito:groups", "editors", editors)))
        .ambiguousRoleResolution(AmbiguousRoleResolution.AUTHENTICATED_ROLE)
        .build();

    pool.addPrincipalTags(users, PrincipalTagOptions.builder()
        .tags(Map.of("department", "custom:department", "team", "custom:team"))
        .build());
    pool.addPrincipalTags(google, PrincipalTagOptions.builder().useDefaults(true).build());

    Bucket files = new Bucket(stack, "Files");
    pool.grantIdentityFolder(pool.getAuthenticatedRole(), files);
    pool.grantPrincipalTagFolder(admins, files, "department",
        FolderGrantOptions.builder().prefix("departments").access(ObjectAccess.READ).build());
    editors.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:PutObject"))
        .resources(List.of(files.arnForObjects("teams/" + pool.principalTagVariable("team") + "/*")))
        .build());
    return new Made(pool, users, google);
  }

  /** The compared part of a template: identity-pool, role and policy resources, no Metadata. */
  static ObjectNode vectorResources(JsonNode template) {
    ObjectNode kept = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields();
    while (resources.hasNext()) {
      Map.Entry<String, JsonNode> entry = resources.next();
      if (isVectorType(entry.getValue().path("Type").asText())) {
        ObjectNode resource = entry.getValue().deepCopy();
        resource.remove("Metadata");
        kept.set(entry.getKey(), resource);
      }
    }
    return kept;
  }

  /** A stack's template as the synthesizer wrote it (JSON, read back). */
  static JsonNode synthesizedTemplate(App app, String stackName) throws IOException {
    String file = app.synth().getStackByName(stackName).getTemplateFullPath();
    return JSON.readTree(Paths.get(file).toFile());
  }

  static ObjectNode synthesizeVector() throws IOException {
    App app = new App();
    Stack stack = new Stack(app, VECTOR_STACK);
    buildVector(stack);
    return vectorResources(synthesizedTemplate(app, VECTOR_STACK));
  }
}
