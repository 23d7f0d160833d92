//! E-mail through the SMTP server of the configuration (`[smtp]`): the settings, the
//! transport, and one message sent with a deadline. Every word of a message comes from the
//! catalogues, chosen by the caller; this module only carries it.

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use yardstick_i18n::{Message, msg};

/// The longest one SMTP command may wait for the server.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest one message may take, connection included.
const MESSAGE_TIMEOUT: Duration = Duration::from_secs(20);

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text (a relay on the same machine or network); usually port 25.
    None,
    /// Plain, then upgraded with STARTTLS, which the server must offer; usually port 587.
    Starttls,
    /// TLS from the first byte ("SMTPS"); usually port 465.
    Tls,
}

impl SmtpTls {
    /// `none`, `starttls` or `tls`.
    pub fn parse(text: &str) -> Option<SmtpTls> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Some(SmtpTls::None),
            "starttls" => Some(SmtpTls::Starttls),
            "tls" => Some(SmtpTls::Tls),
            _ => None,
        }
    }

    /// The port used when none is configured.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

/// The SMTP server reminders go through.
#[derive(Clone)]
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
    port: u16,
    tls: SmtpTls,
    login: Option<(String, String)>,
    message_timeout: Duration,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

/// The transport to `host:port` with these settings.
fn transport(
    host: &str,
    port: u16,
    tls: SmtpTls,
    login: Option<&(String, String)>,
    timeout: Duration,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, (&'static str, Message)> {
    let builder = match tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            .map_err(|e| ("host", msg!("hr.reminders.config_tls", why = e.to_string())))?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
            .map_err(|e| ("host", msg!("hr.reminders.config_tls", why = e.to_string())))?,
    };
    let mut builder = builder.port(port).timeout(Some(timeout));
    if let Some((user, password)) = login {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

impl Smtp {
    /// The server at `host:port` with the sender `from` (`name <address>` or an address),
    /// logging in when a user name is given. A sender that is not an address, or a host TLS
    /// cannot be set up for, is refused with what is wrong (the field is `from` or `host`).
    pub fn new(
        host: &str,
        port: Option<u16>,
        from: &str,
        tls: SmtpTls,
        login: Option<(String, String)>,
    ) -> Result<Smtp, (&'static str, Message)> {
        let host = host.trim();
        if host.is_empty() {
            return Err(("host", msg!("hr.reminders.config_no_host")));
        }
        let from: Mailbox = from
            .trim()
            .parse()
            .map_err(|_| ("from", msg!("hr.reminders.config_from", from = from.trim())))?;
        let port = port.unwrap_or(tls.default_port());
        Ok(Smtp {
            transport: transport(host, port, tls, login.as_ref(), COMMAND_TIMEOUT)?,
            from,
            host: host.to_string(),
            port,
            tls,
            login,
            message_timeout: MESSAGE_TIMEOUT,
        })
    }

    /// The same server with other limits: how long one command may wait for the server,
    /// and how long one message may take (by default 10 and 20 seconds).
    pub fn with_timeouts(
        mut self,
        command: Duration,
        message: Duration,
    ) -> Result<Smtp, (&'static str, Message)> {
        self.transport = transport(
            &self.host,
            self.port,
            self.tls,
            self.login.as_ref(),
            command,
        )?;
        self.message_timeout = message;
        Ok(self)
    }

    /// Sends one plain-text message to `name <address>`. It fails with the mail client's
    /// words (the server's answer, which is not translated), or when it takes longer than
    /// 20 seconds.
    pub(crate) async fn send(
        &self,
        name: &str,
        address: &str,
        subject: &str,
        body: String,
    ) -> Result<(), SendError> {
        let to = address
            .trim()
            .parse::<lettre::Address>()
            .map_err(|e| SendError::Refused(format!("{address}: {e}")))?;
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(name.to_string()), to))
            .subject(subject)
            .message_id(None)
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::Base64)
                    .body(body),
            )
            .map_err(|e| SendError::Refused(e.to_string()))?;
        match tokio::time::timeout(self.message_timeout, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(SendError::Refused(e.to_string())),
            Err(_) => Err(SendError::Timeout {
                server: format!("{}:{}", self.host, self.port),
                seconds: self.message_timeout.as_secs().max(1),
            }),
        }
    }
}

/// Why a message was not sent.
#[derive(Debug)]
pub(crate) enum SendError {
    /// The address, the message or the server refused (the client's words).
    Refused(String),
    /// The server did not answer in time.
    Timeout {
        /// `host:port`.
        server: String,
        /// How long was waited.
        seconds: u64,
    },
}

impl SendError {
    /// The error as recorded: the client's words, or the timeout in the reader's words.
    pub(crate) fn describe(&self, lang: yardstick_core::Lang) -> String {
        match self {
            SendError::Refused(why) => why.clone(),
            SendError::Timeout { server, seconds } => yardstick_i18n::t!(
                lang,
                "hr.reminders.timeout",
                server = server.as_str(),
                seconds = *seconds
            ),
        }
    }
}
