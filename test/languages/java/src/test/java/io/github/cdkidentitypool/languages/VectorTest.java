package io.github.cdkidentitypool.languages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdkidentitypool.IdentityPool;
import io.github.cdkidentitypool.IdentityProvider;
import io.github.cdkidentitypool.IdentityProviderType;
import io.github.cdkidentitypool.PrincipalTagOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.jsii.JsiiError;

class VectorTest {
  @Test
  @DisplayName("§1 §2 §5: the vector synthesizes what TypeScript synthesizes (vector.template.json)")
  void vectorSynthesizesWhatTypeScriptSynthesizes() throws Exception {
    JsonNode expected = VectorApp.JSON.readTree(VectorApp.VECTOR_TEMPLATE.toFile());
    JsonNode actual = VectorApp.synthesizeVector();
    Set<String> expectedIds = new TreeSet<>();
    expected.fieldNames().forEachRemaining(expectedIds::add);
    Set<String> actualIds = new TreeSet<>();
    actual.fieldNames().forEachRemaining(actualIds::add);
    assertEquals(expectedIds, actualIds, "logical ids differ");
    for (String id : expectedIds) {
      assertEquals(expected.get(id), actual.get(id), "resource " + id + " differs");
    }
  }

  @Test
  @DisplayName("§1: provider names, lists of providers and enum values as a Java user sees them")
  void objectsListsAndEnumsCrossTheBridge() {
    VectorApp.Made made = VectorApp.buildVector(new Stack(new App(), VectorApp.VECTOR_STACK));

    assertEquals(IdentityProviderType.SOCIAL, made.google.getType());
    assertEquals(IdentityProviderType.USER_POOL, made.users.getType());
    assertEquals("accounts.google.com", made.google.getLoginsKey());
    assertEquals("accounts.google.com", made.google.getPrincipalTagName());

    List<IdentityProvider> providers = made.pool.getAuthenticationProviders();
    List<IdentityProviderType> types = new ArrayList<>();
    for (IdentityProvider provider : providers) {
      types.add(provider.getType());
    }
    assertEquals(List.of(IdentityProviderType.USER_POOL, IdentityProviderType.SOCIAL), types);
    assertTrue(made.pool.hasProvider(IdentityProvider.google("1234.apps.googleusercontent.com")));
    assertFalse(made.pool.hasProvider(IdentityProvider.facebook("1234")));

    Set<String> handedOut = made.pool.getRolesHandedOut().stream()
        .map((IRole role) -> role.getNode().getId())
        .collect(Collectors.toSet());
    assertEquals(Set.of("AuthenticatedRole", "Admins", "Editors"), handedOut);
  }

  @Test
  @DisplayName("§3: a bad identity pool name is a Java exception naming the path, the field, the value and the rule")
  void constructTimeErrorNamesPathFieldValueAndRule() {
    Stack stack = new Stack(new App(), "Stack");
    JsiiError error = assertThrows(JsiiError.class,
        () -> IdentityPool.Builder.create(stack, "Pool").identityPoolName("bad/name").build());
    // The runtime appends the JavaScript stack after the message.
    assertEquals("Stack/Pool: invalid identityPoolName \"bad/name\": must match [\\w\\s+=,.@-]+", firstLines(error, 1));
  }

  @Test
  @DisplayName("§6: a principal-tag map for a provider the pool does not have fails synthesis with the library's message")
  void synthTimeErrorNamesPathFieldValueAndRule() {
    App app = new App();
    Stack stack = new Stack(app, "Stack");
    IdentityPool pool = new IdentityPool(stack, "Pool");
    pool.addPrincipalTags(IdentityProvider.google("1234.apps.googleusercontent.com"),
        PrincipalTagOptions.builder().tags(Map.of("department", "custom:department")).build());
    // aws-cdk-lib's ValidationError arrives as a plain RuntimeException (a JsiiError is the
    // runtime's class for a JavaScript Error): catch RuntimeException to catch both.
    RuntimeException error = assertThrows(RuntimeException.class, app::synth);
    assertEquals("ValidationFailedWithErrors: Validation failed with the following errors:\n"
        + "  [Stack/Pool] invalid principal-tag provider: the pool has no authentication provider accounts.google.com",
        firstLines(error, 2));
  }

  /** The first lines of an exception's message: the library's message, without the JavaScript stack. */
  private static String firstLines(Exception error, int count) {
    return Arrays.stream(error.getMessage().split("\n")).limit(count).collect(Collectors.joining("\n"));
  }
}
