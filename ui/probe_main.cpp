// The UI probe: one Dear ImGui window "Wirelab" drawn with the GLFW + OpenGL3 backends on WebGL2.
// It exists so the browser UI's toolchain path (ImGui 1.86 from .cache, emscripten's built-in GLFW,
// WebGL2 / GLSL "#version 300 es") is proven to build in CI before the real UI lands.
// Served at build/web/site/probe/ (open it through tools/lab.sh: http://127.0.0.1:8080/probe/).
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>

#include <cstdio>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace {

GLFWwindow* g_window = nullptr;
int g_frames = 0;

void frame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();

  ImGui::SetNextWindowPos(ImVec2(40, 40), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(420, 160), ImGuiCond_FirstUseEver);
  ImGui::Begin("Wirelab");
  ImGui::Text("Dear ImGui %s on WebGL2", IMGUI_VERSION);
  ImGui::Text("frame %d, %.1f fps", ++g_frames, ImGui::GetIO().Framerate);
  ImGui::End();

  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(g_window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.16f, 0.18f, 0.21f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (g_frames == 1) std::printf("wirelab_ui_probe: first frame rendered\n");
}

}  // namespace

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g_window = glfwCreateWindow(1280, 800, "Wirelab", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "glfwCreateWindow failed (no WebGL2?)\n");
    return 1;
  }
  glfwMakeContextCurrent(g_window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the browser
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
