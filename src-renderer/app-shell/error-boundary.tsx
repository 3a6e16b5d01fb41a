import { Alert, Button, Center, Code, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * Last line of defence: a render error shows what happened and a way out instead of a blank window.
 * (Texts are plain English: i18n itself may be what failed.)
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('OCS Desk render error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Center mih="100vh" p="md">
        <Alert
          color="red"
          title="OCS Desk hit an unexpected error"
          role="alert"
          data-error-code="RENDER_ERROR"
          maw={640}
        >
          <Stack gap="xs">
            <Text size="sm">
              The window could not be drawn. Reloading usually helps; if it happens again, send this text to
              your support.
            </Text>
            <Code block>{error.message}</Code>
            <Button w="fit-content" onClick={() => window.location.reload()}>
              Reload
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
}
