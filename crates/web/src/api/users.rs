//! User accounts, kept by HR: the list, a new user, a user's role and person, a new password
//! set by HR (which ends that user's sessions). Each change is recorded in the audit log.
//!
//! HR manages every account except administrators': only an administrator creates an
//! administrator, gives someone the role, or changes or resets an administrator's account
//! ([`may_manage`]; docs/api.md says why).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;
use yardstick_i18n::msg;
use yardstick_store::{Entity, Role, StoreError, User, UserChange};

use super::session::UserOut;
use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Deferred, Json, Path};
use crate::state::AppState;

/// Whether `actor` may create or change an account that is, or is to become, each of
/// `roles`. HR keeps everyone's account but the administrators': an administrator's account
/// is the way back in when everything else fails, so only an administrator makes one, gives
/// the role or changes or resets one.
pub(crate) fn may_manage(actor: &User, roles: &[Role]) -> bool {
    actor.role == Role::Admin || !roles.contains(&Role::Admin)
}

/// 403: the account is an administrator's, and the caller is not one.
pub(crate) fn admin_only() -> ApiError {
    ApiError::of(StatusCode::FORBIDDEN, None, msg!("hr.users.admin_only"))
}

/// 404 for a user id in the path.
pub(crate) fn no_user() -> ApiError {
    ApiError::of(StatusCode::NOT_FOUND, Some("id"), Entity::User.not_found())
}

/// A role by its code, or a 422 naming `field`.
pub(crate) fn role_of(code: &str, field: &str) -> Result<Role, ApiError> {
    Role::parse(code).ok_or_else(|| {
        ApiError::of(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(field),
            msg!("hr.users.bad_role", value = code),
        )
    })
}

/// A new user.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUserIn {
    /// Login name: at most 200 characters, unique.
    pub(crate) username: String,
    /// The first password: 8 to 256 characters.
    pub(crate) password: String,
    /// `admin`, `hr`, `manager` or `employee` (only an administrator creates an `admin`).
    pub(crate) role: String,
    /// The person (employee id) the user is; null or left out for none.
    #[serde(default)]
    pub(crate) person: Option<String>,
}

/// What changes about a user; a field left out stays as it is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UserChangeIn {
    /// The new role: `admin`, `hr`, `manager` or `employee`.
    #[serde(default)]
    pub(crate) role: Option<String>,
    /// The person (employee id) the user is; null unlinks them.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub(crate) person: Option<Option<String>>,
}

/// A field that is present, `null` included (a field left out stays `None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A new password HR sets for a user.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordResetIn {
    /// The new password: 8 to 256 characters.
    pub(crate) password: String,
}

/// Every user, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Every user, oldest first", body = [UserOut]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _hr: Hr,
) -> Result<Json<Vec<UserOut>>, ApiError> {
    let users = state.store.users().await?;
    Ok(Json(users.into_iter().map(UserOut::from).collect()))
}

/// Creates a user. Recorded in the audit log.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "users",
    security(("bearer" = []), ("session" = [])),
    request_body = NewUserIn,
    responses(
        (status = 201, description = "The new user", body = UserOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR, or an HR user creating an administrator", body = ErrorBody),
        (status = 409, description = "The user name is taken", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Each field that breaks a rule (`username`, `password`, `role`, `person`)", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Hr(actor): Hr,
    Json(body): Json<NewUserIn>,
) -> Result<(StatusCode, Json<UserOut>), ApiError> {
    let role = role_of(&body.role, "role")?;
    if !may_manage(&actor, &[role]) {
        return Err(admin_only());
    }
    let person = body.person.as_deref().filter(|p| !p.trim().is_empty());
    let user = state
        .store
        .create_user(&body.username, &body.password, role, person, &actor)
        .await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// The user of a path id, or 404.
async fn target(state: &AppState, id: i64) -> Result<User, ApiError> {
    match state.store.user(id).await {
        Ok(user) => Ok(user),
        Err(StoreError::NotFound(_)) => Err(no_user()),
        Err(e) => Err(e.into()),
    }
}

/// Changes a user's role or person. Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/users/{id}",
    tag = "users",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The user's id")),
    request_body = UserChangeIn,
    responses(
        (status = 200, description = "The user as changed", body = UserOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR, or an HR user changing an administrator or making one", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "An unknown role (`role`) or person (`person`)", body = ErrorBody),
    )
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    Hr(actor): Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<UserChangeIn>>,
) -> Result<Json<UserOut>, ApiError> {
    let user = target(&state, id).await?;
    let Json(body) = body.get()?;
    let role = body
        .role
        .as_deref()
        .map(|r| role_of(r, "role"))
        .transpose()?;
    let roles: Vec<Role> = [Some(user.role), role].into_iter().flatten().collect();
    if !may_manage(&actor, &roles) {
        return Err(admin_only());
    }
    let change = UserChange {
        role,
        person: body.person,
    };
    match state.store.update_user(id, change, &actor).await {
        Ok(user) => Ok(Json(user.into())),
        Err(StoreError::NotFound(_)) => Err(no_user()),
        Err(e) => Err(e.into()),
    }
}

/// Sets a user's password (HR need not know the old one); every session of that user ends.
/// Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/users/{id}/password",
    tag = "users",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The user's id")),
    request_body = PasswordResetIn,
    responses(
        (status = 204, description = "Set; the user's sessions have ended"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR, or an HR user resetting an administrator's password", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "The password is too short or too long (`password`)", body = ErrorBody),
    )
)]
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    Hr(actor): Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<PasswordResetIn>>,
) -> Result<StatusCode, ApiError> {
    let user = target(&state, id).await?;
    let Json(body) = body.get()?;
    if !may_manage(&actor, &[user.role]) {
        return Err(admin_only());
    }
    match state.store.reset_password(id, &body.password, &actor).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(StoreError::NotFound(_)) => Err(no_user()),
        Err(e) => Err(e.into()),
    }
}
